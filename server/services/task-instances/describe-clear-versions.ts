import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { findDagPk } from '../dags/get-dag';
import { loadDagVersion } from '../dags/load-dag-version';
import { dagRunNotFound } from '../runs/get-dag-run';

/** A DAG version as the Clear dialog names it, with its tasks. */
export type TClearVersion = { version: number; createdAt: Date; createdBy: string | null; taskIds: string[] };

/**
 * The two versions a Clear within one run can re-run: the one the run is pinned to and the
 * DAG's latest (its current version, the one new runs get), with who deployed each and when,
 * and their tasks, from which domain/dag/clear-version.ts suggests one for the tasks being
 * cleared. A read: any member may see it; the clear itself needs an editor.
 */
export async function describeClearVersions(ctx: TServiceContext, input: { dagId: string; runId: string }): Promise<{ pinned: TClearVersion; latest: TClearVersion }> {
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const run = await ctx.db.dagRun.findUnique({ where: { dagPk_runId: { dagPk: dag.id, runId: input.runId } }, select: { dagVersionId: true } });
  if (!run) throw dagRunNotFound(input.dagId, input.runId);
  const latestId = dag.currentVersionId ?? run.dagVersionId;
  const rows = await ctx.db.dagVersion.findMany({
    where: { id: { in: [run.dagVersionId, latestId] }, dagPk: dag.id },
    select: { id: true, version: true, createdAt: true, createdById: true },
  });
  const authors = await ctx.db.user.findMany({
    where: { id: { in: rows.flatMap((row) => (row.createdById ? [row.createdById] : [])) } },
    select: { id: true, name: true, email: true },
  });
  const describe = async (id: string): Promise<TClearVersion> => {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw new AppError('not_found', `DAG '${input.dagId}' has no version ${id}.`);
    const author = authors.find((user) => user.id === row.createdById);
    const spec = await loadDagVersion(ctx.db, id);
    return {
      version: row.version,
      createdAt: row.createdAt,
      createdBy: author ? author.name?.trim() || author.email : null,
      taskIds: spec.tasks.map((task) => task.task_id),
    };
  };
  const [pinned, latest] = await Promise.all([describe(run.dagVersionId), describe(latestId)]);
  return { pinned, latest };
}
