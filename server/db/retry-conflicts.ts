import { setTimeout as delay } from 'node:timers/promises';

/** Prisma's code for PostgreSQL's 40P01 (deadlock detected) and 40001 (serialization failure). */
const WRITE_CONFLICT = 'P2034';
/** The same failures as the pg driver reports them (the engine's hot path, `PgSql`). */
const POSTGRES_WRITE_CONFLICTS = new Set(['40P01', '40001']);

/** Whether PostgreSQL rolled the transaction back for a deadlock or a serialization failure: retrying it is safe. */
export function isWriteConflict(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === WRITE_CONFLICT || (typeof code === 'string' && POSTGRES_WRITE_CONFLICTS.has(code))) return true;
    if (/deadlock detected|could not serialize access/.test(cause.message)) return true;
  }
  return false;
}

/**
 * Runs `work` (one transaction) again when PostgreSQL aborted it for a deadlock or a
 * serialization failure, a few times with a short random pause. A backstop: writers take their
 * locks in one order (see lockedTaskInstances), so this should not happen; when it does, the
 * batch is recorded a moment later instead of being left to zombie detection.
 */
export async function retryWriteConflicts<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isWriteConflict(error)) throw error;
      await delay(5 + Math.random() * 20 * attempt);
    }
  }
}
