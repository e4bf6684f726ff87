import type { PrismaClient } from '../db/client';

export type TLogUsage = {
  /** The UTC day the bytes were counted on (`YYYY-MM-DD`), to give back unused bytes to the same day. */
  day: string;
  /** Bytes of this call that fit in the workspace's budget for the day (0 once it is used up). */
  allowed: number;
  budget: number;
  workspaceSlug: string;
};

/**
 * Counts `bytes` against the workspace's daily log budget, in one atomic upsert on today's
 * (UTC, by the database's clock) row: concurrent writers each get their own slice of the
 * counter, so together they never store more than the budget.
 */
export async function addLogUsage(db: PrismaClient, workspaceId: string, bytes: number): Promise<TLogUsage> {
  const [row] = await db.$queryRaw<{ bytes: bigint; day: string; budget: bigint; slug: string }[]>`
    insert into workspace_log_usage as u ("workspaceId", day, bytes)
    values (${workspaceId}, (clock_timestamp() at time zone 'UTC')::date, ${bytes}::bigint)
    on conflict ("workspaceId", day) do update set bytes = u.bytes + excluded.bytes
    returning u.bytes, u.day::text as day,
      (select w."logBytesPerDay" from workspace w where w.id = u."workspaceId") as budget,
      (select w.slug from workspace w where w.id = u."workspaceId") as slug`;
  if (!row) throw new Error(`Counting log bytes for workspace ${workspaceId} returned no row`);
  const total = Number(row.bytes);
  const budget = Number(row.budget);
  const before = total - bytes;
  return { day: row.day, allowed: Math.max(0, Math.min(bytes, budget - before)), budget, workspaceSlug: row.slug };
}

/** Gives back bytes counted by addLogUsage but not stored, so the day's row says what was stored. */
export async function releaseLogUsage(db: PrismaClient, workspaceId: string, day: string, bytes: number): Promise<void> {
  if (bytes <= 0) return;
  await db.$executeRaw`
    update workspace_log_usage set bytes = greatest(bytes - ${bytes}::bigint, 0)
    where "workspaceId" = ${workspaceId} and day = ${day}::date`;
}
