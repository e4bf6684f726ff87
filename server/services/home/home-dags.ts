import type { Prisma } from '../../db/client';
import { STALE_GRACE_MIN_MS } from '../../domain/schedule/stale-dag';
import type { TServiceContext } from '../context';

/* The workspace home's reads of DAG rows and versions (no run history). */

export type TScheduledDag = {
  dagId: string;
  schedule: string | null;
  timezone: string;
  isPaused: boolean;
  nextLogicalDate: Date | null;
  nextIntervalStart: Date | null;
  nextIntervalEnd: Date | null;
  nextCreateAfter: Date | null;
  updatedAt: Date;
};

const SCHEDULED_DAG_COLUMNS = {
  dagId: true,
  schedule: true,
  timezone: true,
  isPaused: true,
  nextDagrunLogicalDate: true,
  nextDagrunDataIntervalStart: true,
  nextDagrunDataIntervalEnd: true,
  nextDagrunCreateAfter: true,
  updatedAt: true,
} as const satisfies Prisma.DagSelect;

type TScheduledDagRow = Prisma.DagGetPayload<{ select: typeof SCHEDULED_DAG_COLUMNS }>;

function scheduledDag(row: TScheduledDagRow): TScheduledDag {
  return {
    dagId: row.dagId,
    schedule: row.schedule,
    timezone: row.timezone,
    isPaused: row.isPaused,
    nextLogicalDate: row.nextDagrunLogicalDate,
    nextIntervalStart: row.nextDagrunDataIntervalStart,
    nextIntervalEnd: row.nextDagrunDataIntervalEnd,
    nextCreateAfter: row.nextDagrunCreateAfter,
    updatedAt: row.updatedAt,
  };
}

/** Active (unpaused, scheduled, deployed) DAGs of the workspace. */
const activeScheduled = (workspaceId: string) => ({ workspaceId, isPaused: false, schedule: { not: null }, currentVersionId: { not: null } });

/** The next automated runs of active DAGs, soonest first (runs due from `now` on). */
export async function nextScheduledRuns(ctx: TServiceContext, now: Date, limit: number): Promise<TScheduledDag[]> {
  const rows = await ctx.db.dag.findMany({
    where: { ...activeScheduled(ctx.workspaceId), nextDagrunCreateAfter: { gte: now }, nextDagrunLogicalDate: { not: null } },
    select: SCHEDULED_DAG_COLUMNS,
    orderBy: [{ nextDagrunCreateAfter: 'asc' }, { dagId: 'asc' }],
    take: limit,
  });
  return rows.map(scheduledDag);
}

/**
 * The active DAGs that may be stale: next run due more than the shortest grace ago, or not
 * planned at all. The domain rule (dagStaleness) decides which of them are.
 */
export async function staleCandidates(ctx: TServiceContext, now: Date): Promise<TScheduledDag[]> {
  const before = new Date(now.getTime() - STALE_GRACE_MIN_MS);
  const rows = await ctx.db.dag.findMany({
    where: {
      ...activeScheduled(ctx.workspaceId),
      OR: [{ nextDagrunCreateAfter: null, updatedAt: { lt: before } }, { nextDagrunCreateAfter: { lt: before } }],
    },
    select: SCHEDULED_DAG_COLUMNS,
    orderBy: [{ nextDagrunCreateAfter: 'asc' }, { dagId: 'asc' }],
    take: 200,
  });
  return rows.map(scheduledDag);
}

export type TDeploy = { dagId: string; version: number; createdAt: Date; createdBy: string | null };

/**
 * The workspace's latest DAG versions, newest first. dag_version grows with deploys, not runs;
 * the big columns (spec, source) are not read. Who deployed: the user's name, or for a deploy
 * through an API token (no user on the version) the actor its audit record names, found in the
 * minutes around the version on the (workspaceId, createdAt) index.
 */
export async function recentDeploys(ctx: TServiceContext, limit: number): Promise<TDeploy[]> {
  return ctx.db.$queryRaw<TDeploy[]>`
    select d."dagId", v.version, v."createdAt", coalesce(u.name, u.email, a."actorLabel") as "createdBy"
    from dag_version v
    join dag d on d.id = v."dagPk"
    left join "user" u on u.id = v."createdById"
    left join lateral (
      select "actorLabel" from audit_log
      where "workspaceId" = v."workspaceId" and "createdAt" between v."createdAt" - interval '5 minutes' and v."createdAt" + interval '5 minutes'
        and action = 'dag.deploy' and "targetId" = d."dagId" and details->>'version' = v.version::text
      limit 1
    ) a on true
    where v."workspaceId" = ${ctx.workspaceId}
    order by v."createdAt" desc, v.version desc
    limit ${limit}`;
}
