import pg from 'pg';

// One constant for the whole product: the advisory-lock key the active scheduler holds.
const SCHEDULER_LOCK_KEY = 7_240_301;

/**
 * Leader election for schedulers: a session-level PostgreSQL advisory lock held on a
 * dedicated connection. When the leader's process dies its connection closes and the
 * database releases the lock, so a waiting scheduler takes over at its next attempt.
 */
export class LeaderLock {
  private client: pg.Client | null = null;

  constructor(private readonly connectionString: string) {}

  /** Tries once; true when this process is (now) the leader. */
  async tryAcquire(): Promise<boolean> {
    if (this.client) return true;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'tributary-scheduler-lock' });
    await client.connect();
    const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SCHEDULER_LOCK_KEY]);
    if (result.rows[0]?.locked) {
      // A dropped connection means the lock is gone: stop acting as leader at once.
      client.on('error', () => void this.release());
      this.client = client;
      return true;
    }
    await client.end();
    return false;
  }

  /** Confirms the lock's connection still answers (a leader that lost it must step down). */
  async stillHeld(): Promise<boolean> {
    if (!this.client) return false;
    try {
      await this.client.query('select 1');
      return true;
    } catch {
      await this.release();
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
