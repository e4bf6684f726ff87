import type { TServiceContext } from '../context';

export type TRecentRun = { runId: string; state: string; logicalDate: Date };

/**
 * The latest runs of each of the given DAGs (newest first), for the DAG list's run dots.
 * Each DAG's runs are a backward scan of dag_run(dagPk, logicalDate) stopped at `perDag` rows,
 * so a DAG with years of runs costs what a new one does (a nested `take` in Prisma read every
 * run of the page's DAGs and kept five: ~200 ms for a DAG of 50,000 runs).
 * (A read for the workspace's DAG overview; it belongs with services/runs when that folder's
 * owners want it.)
 */
export async function listRecentRunStates(ctx: TServiceContext, dagPks: readonly string[], perDag = 5): Promise<Map<string, TRecentRun[]>> {
  if (dagPks.length === 0) return new Map();
  const rows = await ctx.db.$queryRaw<{ dagPk: string; runId: string | null; state: string | null; logicalDate: Date | null }[]>`
    select d.id as "dagPk", r."runId", r.state, r."logicalDate"
    from dag d
    left join lateral (
      select "runId", state, "logicalDate" from dag_run
      where "dagPk" = d.id order by "logicalDate" desc limit ${perDag}
    ) r on true
    where d."workspaceId" = ${ctx.workspaceId} and d.id = any(${[...dagPks]}::text[])
    order by d.id, r."logicalDate" desc`;
  const recent = new Map<string, TRecentRun[]>();
  for (const row of rows) {
    const runs = recent.get(row.dagPk) ?? [];
    recent.set(row.dagPk, runs);
    // A DAG without runs comes back once, with nulls (left join).
    if (row.runId !== null && row.state !== null && row.logicalDate !== null) runs.push({ runId: row.runId, state: row.state, logicalDate: row.logicalDate });
  }
  return recent;
}

/** Every tag used by the workspace's DAGs, sorted: the DAG list's tag filter. */
export async function listDagTags(ctx: TServiceContext): Promise<string[]> {
  const rows = await ctx.db.dag.findMany({ where: { workspaceId: ctx.workspaceId }, select: { tags: true } });
  return [...new Set(rows.flatMap((row) => row.tags))].sort();
}
