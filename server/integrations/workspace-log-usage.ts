import type { PrismaClient } from '../db/client';

export type TLogAllowance = {
  /** Bytes of the request that fit in the workspace's budget for the day (0 once it is used up). */
  allowed: number;
  budget: number;
  workspaceSlug: string;
};

type TWorkspaceUsage = {
  budget: number;
  slug: string;
  /** The day's bytes as the database counted them at the last sync (every worker's). */
  stored: number;
  /** Bytes this process has allowed since, not yet added to the day's row (below 0: handed back after a sync). */
  pending: number;
  syncedAt: number;
};

/** How long this process trusts its view of a workspace's day before reading it again. */
const FRESH_MS = 1_000;
const SYNC_MS = 250;

/**
 * A workspace's daily log budget, as one process sees it. Every log flush of every attempt
 * asks for bytes; writing each request to the day's row would queue all of a workspace's
 * writers behind one row lock, committed once per flush. Instead requests are granted against
 * the last known total plus what this process granted since, and the grants are added to the
 * row in one upsert per workspace every 250 ms (and when an attempt closes). Several workers
 * may together pass the budget by what they granted in the last quarter second; the row always
 * holds exactly what was stored.
 */
export class LogUsageMeter {
  private readonly usage = new Map<string, TWorkspaceUsage>();
  private syncing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: PrismaClient) {}

  /** Grants up to `bytes` of the workspace's budget for today. */
  async take(workspaceId: string, bytes: number): Promise<TLogAllowance> {
    let usage = this.usage.get(workspaceId);
    if (!usage || Date.now() - usage.syncedAt > FRESH_MS) usage = await this.read(workspaceId);
    const allowed = Math.max(0, Math.min(bytes, usage.budget - usage.stored - usage.pending));
    usage.pending += allowed;
    if (allowed > 0) this.timer ??= setTimeout(() => void this.sync().catch(() => undefined), SYNC_MS);
    return { allowed, budget: usage.budget, workspaceSlug: usage.slug };
  }

  /**
   * Hands back granted bytes that were not stored (the rest of a line that did not fit). If a
   * sync already wrote them, pending goes below zero and the next sync takes them off the row.
   */
  give(workspaceId: string, bytes: number): void {
    const usage = this.usage.get(workspaceId);
    if (usage) usage.pending -= bytes;
  }

  /** Adds every grant so far to the day's rows; resolves once they are stored. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.syncing = this.write().finally(() => {
      this.syncing = null;
      if (this.again) {
        this.again = false;
        void this.sync().catch(() => undefined);
      }
    });
    return this.syncing;
  }

  private async write() {
    for (const [workspaceId, usage] of this.usage) {
      const bytes = usage.pending;
      if (bytes === 0) continue;
      usage.pending -= bytes;
      try {
        Object.assign(usage, await add(this.db, workspaceId, bytes));
      } catch (error) {
        usage.pending += bytes;
        throw error;
      }
    }
  }

  private async read(workspaceId: string): Promise<TWorkspaceUsage> {
    const fresh = await add(this.db, workspaceId, 0);
    // Updated in place: a caller that already holds this workspace's entry keeps counting in it.
    const known = this.usage.get(workspaceId);
    if (known) return Object.assign(known, fresh);
    const usage = { pending: 0, ...fresh };
    this.usage.set(workspaceId, usage);
    return usage;
  }
}

/**
 * Adds `bytes` to today's row (UTC, by the database's clock) in one atomic upsert and reads the
 * day's total and the budget. A new day starts a new row, so the total starts again at 0.
 */
async function add(db: PrismaClient, workspaceId: string, bytes: number): Promise<Omit<TWorkspaceUsage, 'pending'>> {
  const [row] = await db.$queryRaw<{ bytes: bigint; budget: bigint; slug: string }[]>`
    insert into workspace_log_usage as u ("workspaceId", day, bytes)
    values (${workspaceId}, (clock_timestamp() at time zone 'UTC')::date, ${bytes}::bigint)
    on conflict ("workspaceId", day) do update set bytes = u.bytes + excluded.bytes
    returning u.bytes,
      (select w."logBytesPerDay" from workspace w where w.id = u."workspaceId") as budget,
      (select w.slug from workspace w where w.id = u."workspaceId") as slug`;
  if (!row) throw new Error(`Counting log bytes for workspace ${workspaceId} returned no row`);
  return { stored: Number(row.bytes), budget: Number(row.budget), slug: row.slug, syncedAt: Date.now() };
}

const meters = new WeakMap<PrismaClient, LogUsageMeter>();

/** The meter of this process for `db`: every attempt of the process shares it. */
export function logUsageMeter(db: PrismaClient): LogUsageMeter {
  let meter = meters.get(db);
  if (!meter) {
    meter = new LogUsageMeter(db);
    meters.set(db, meter);
  }
  return meter;
}
