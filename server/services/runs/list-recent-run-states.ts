import type { TServiceContext } from '../context';

export type TRecentRun = { runId: string; state: string; logicalDate: Date };

/**
 * The latest runs of each of the given DAGs (newest first), for the DAG list's run dots.
 * (A read for the workspace's DAG overview; it belongs with services/runs when that folder's
 * owners want it.)
 */
export async function listRecentRunStates(ctx: TServiceContext, dagPks: readonly string[], perDag = 5): Promise<Map<string, TRecentRun[]>> {
  if (dagPks.length === 0) return new Map();
  const dags = await ctx.db.dag.findMany({
    where: { workspaceId: ctx.workspaceId, id: { in: [...dagPks] } },
    select: {
      id: true,
      runs: { select: { runId: true, state: true, logicalDate: true }, orderBy: { logicalDate: 'desc' }, take: perDag },
    },
  });
  return new Map(dags.map((dag) => [dag.id, dag.runs]));
}

/** Every tag used by the workspace's DAGs, sorted: the DAG list's tag filter. */
export async function listDagTags(ctx: TServiceContext): Promise<string[]> {
  const rows = await ctx.db.dag.findMany({ where: { workspaceId: ctx.workspaceId }, select: { tags: true } });
  return [...new Set(rows.flatMap((row) => row.tags))].sort();
}
