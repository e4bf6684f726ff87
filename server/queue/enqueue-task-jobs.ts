import type { PgBoss } from 'pg-boss';
import type { TSql } from '../db/sql';
import { ZTaskExecutePayloadSchema, type TTaskExecutePayload } from './job-names';

/**
 * Inserts task.execute jobs through the caller's transaction (pg-boss accepts any executor of
 * SQL as `db`), so a task instance is `queued` exactly when its job exists: a rollback leaves
 * neither, a commit both.
 */
export function taskJobEnqueuer(boss: PgBoss) {
  return async (db: TSql, payloads: (TTaskExecutePayload & { priority?: number })[]) => {
    if (payloads.length === 0) return;
    // pg-boss fetches `priority desc, created_on`: the scheduler's priorities let a workspace
    // with little in flight go ahead of another's deep queue (selectWithinCapacity).
    const jobs = payloads.map(({ priority, ...payload }) => ({ data: ZTaskExecutePayloadSchema.parse(payload), priority: priority ?? 0 }));
    await boss.insert('task.execute', jobs, { db: sqlExecutor(db) });
  };
}

/** pg-boss's `db` option over the caller's client or transaction: a job inserted through it commits or rolls back with the caller's rows. */
export function sqlExecutor(db: TSql) {
  return { executeSql: async (text: string, values?: unknown[]) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) }) };
}
