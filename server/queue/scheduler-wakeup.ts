import pg from 'pg';
import type { TSql } from '../db/sql';

export const SCHEDULER_CHANNEL = 'tributary_scheduler';

/** Wakes the scheduler now (a manual trigger, an unpause, a backfill): it runs a tick at once. */
export async function wakeScheduler(db: TSql): Promise<void> {
  await db.$executeRaw`select pg_notify(${SCHEDULER_CHANNEL}, '')`;
}

/**
 * Listens for wake-ups on a dedicated connection. `next(ms)` resolves at the first
 * notification or after `ms`, whichever comes first.
 */
export class SchedulerWakeup {
  private client: pg.Client | null = null;
  private waiter: (() => void) | null = null;
  private pending = false;

  constructor(private readonly connectionString: string) {}

  async start() {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'tributary-scheduler-listen' });
    await client.connect();
    client.on('notification', () => this.wake());
    // A lost listener only slows the scheduler to its timer; reconnect at the next tick.
    client.on('error', () => {
      this.client = null;
    });
    await client.query(`listen ${SCHEDULER_CHANNEL}`);
    this.client = client;
  }

  async next(ms: number, stop: Promise<unknown>): Promise<void> {
    if (!this.client) {
      await this.start().catch(() => undefined);
      // Listening again after a lost connection: a wake-up may have been sent meanwhile and
      // missed, so the caller looks at once rather than after `ms`.
      if (this.client) return;
    }
    if (this.pending) {
      this.pending = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        this.waiter = resolve;
        timer = setTimeout(resolve, ms);
      }),
      stop,
    ]);
    clearTimeout(timer);
    this.waiter = null;
  }

  async stop() {
    await this.client?.end().catch(() => undefined);
  }

  private wake() {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }
}
