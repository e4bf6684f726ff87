import type { Prisma } from '../../db/client';
import type { TServiceContext } from '../context';
import { DAG_WITH_VERSION, type TDagWithVersion } from './get-dag';

export type TListDagsInput = {
  limit: number;
  offset: number;
  /** Any of these tags (Airflow's `tags` filter). */
  tags?: readonly string[];
  /** Substring of the dag_id, case-insensitive (Airflow's `dag_id_pattern`). */
  dagIdPattern?: string;
  paused?: boolean;
  /** Only DAGs whose latest run (by logical date) is in this state. */
  lastRunState?: 'queued' | 'running' | 'success' | 'failed';
};

/** The workspace's DAGs by dag_id, one page, with the total matching the filters. */
export async function listDags(ctx: TServiceContext, input: TListDagsInput): Promise<{ dags: TDagWithVersion[]; total: number }> {
  const where: Prisma.DagWhereInput = {
    workspaceId: ctx.workspaceId,
    ...(input.tags && input.tags.length > 0 ? { tags: { hasSome: [...input.tags] } } : {}),
    ...(input.dagIdPattern ? { dagId: { contains: input.dagIdPattern, mode: 'insensitive' as const } } : {}),
    ...(input.paused !== undefined ? { isPaused: input.paused } : {}),
    ...(input.lastRunState ? { id: { in: await dagsWhoseLastRunIs(ctx, input.lastRunState) } } : {}),
  };
  const [dags, total] = await Promise.all([
    ctx.db.dag.findMany({ where, include: DAG_WITH_VERSION, orderBy: { dagId: 'asc' }, take: input.limit, skip: input.offset }),
    ctx.db.dag.count({ where }),
  ]);
  return { dags, total };
}

/**
 * The DAGs of the workspace whose newest run (by logical date) is in `state`: for each DAG, one
 * step of a backward scan of dag_run(dagPk, logicalDate), so the cost follows the number of
 * DAGs, not of their runs (a `distinct on` over the workspace's runs read every one of them).
 */
async function dagsWhoseLastRunIs(ctx: TServiceContext, state: string): Promise<string[]> {
  const rows = await ctx.db.$queryRaw<{ dagPk: string }[]>`
    select d.id as "dagPk" from dag d
    cross join lateral (select state from dag_run where "dagPk" = d.id order by "logicalDate" desc limit 1) latest
    where d."workspaceId" = ${ctx.workspaceId} and latest.state = ${state}`;
  return rows.map((row) => row.dagPk);
}
