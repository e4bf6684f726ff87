import type { TDb } from '../../db/sql';
import { AppError } from '../app-error';

export type TWorkspaceQuota = {
  slug: string;
  /** Task instances the workspace may have queued or running at once. */
  maxRunningTasks: number;
  /** Queued or running now. */
  runningTasks: number;
  /** Log bytes its attempts may store per UTC day, and what they stored today. */
  logBytesPerDay: number;
  logBytesToday: number;
};

/** A workspace's fair-share quota and what it uses of it now. */
export async function getWorkspaceQuota(db: TDb, workspaceId: string): Promise<TWorkspaceQuota> {
  const [row] = await db.$queryRaw<{ slug: string; maxRunningTasks: number; logBytesPerDay: bigint; running: bigint; today: bigint | null }[]>`
    select w.slug, w."maxRunningTasks", w."logBytesPerDay",
      (select count(*) from task_instance ti where ti."workspaceId" = w.id and ti.state in ('queued', 'running')) as running,
      (select u.bytes from workspace_log_usage u where u."workspaceId" = w.id and u.day = (clock_timestamp() at time zone 'UTC')::date) as today
    from workspace w where w.id = ${workspaceId}`;
  if (!row) throw new AppError('not_found', `Workspace ${workspaceId} does not exist.`);
  return {
    slug: row.slug,
    maxRunningTasks: row.maxRunningTasks,
    runningTasks: Number(row.running),
    logBytesPerDay: Number(row.logBytesPerDay),
    logBytesToday: Number(row.today ?? 0),
  };
}
