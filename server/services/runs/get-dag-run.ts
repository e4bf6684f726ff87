import type { Prisma } from '../../db/client';
import type { TTaskInstanceState } from '../../domain/state/task-instance-state';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { findDagPk } from '../dags/get-dag';

/** What the REST view of a run reads besides its row: its DAG's id and its version's number. */
export const RUN_INCLUDE = {
  dag: { select: { dagId: true } },
  dagVersion: { select: { version: true } },
} as const satisfies Prisma.DagRunInclude;
export type TDagRunView = Prisma.DagRunGetPayload<{ include: typeof RUN_INCLUDE }>;

export function dagRunNotFound(dagId: string, runId: string): AppError {
  return new AppError('not_found', `DAG '${dagId}' has no run '${runId}'.`);
}

/** A run by its dag_id and run id; a run of another workspace does not exist. */
export async function getDagRun(ctx: TServiceContext, input: { dagId: string; runId: string }): Promise<TDagRunView> {
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const run = await ctx.db.dagRun.findUnique({ where: { dagPk_runId: { dagPk: dag.id, runId: input.runId } }, include: RUN_INCLUDE });
  if (!run) throw dagRunNotFound(input.dagId, input.runId);
  return run;
}

export async function getDagRunByPk(ctx: TServiceContext, runPk: string): Promise<TDagRunView> {
  return ctx.db.dagRun.findFirstOrThrow({ where: { id: runPk, workspaceId: ctx.workspaceId }, include: RUN_INCLUDE });
}

/** A run and how many of its task instances are in each state (states with none left out). */
export async function getDagRunSummary(ctx: TServiceContext, input: { dagId: string; runId: string }) {
  const run = await getDagRun(ctx, input);
  const groups = await ctx.db.taskInstance.groupBy({
    by: ['state'],
    where: { dagRunId: run.id, workspaceId: ctx.workspaceId },
    _count: { _all: true },
    orderBy: { state: 'asc' },
  });
  // The state column's check constraint holds it to TTaskInstanceState.
  const taskStates = groups.map((group) => ({ state: group.state as TTaskInstanceState, count: group._count._all }));
  return { run, taskStates };
}
