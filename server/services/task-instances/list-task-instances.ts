import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { getDagRun } from '../runs/get-dag-run';

/** What the REST view of a task instance reads besides its row: its run's id and logical date, its DAG's id. */
export const TASK_INSTANCE_INCLUDE = {
  dagRun: { select: { runId: true, logicalDate: true, dagVersionId: true, dag: { select: { dagId: true } } } },
} as const satisfies Prisma.TaskInstanceInclude;
export type TTaskInstanceView = Prisma.TaskInstanceGetPayload<{ include: typeof TASK_INSTANCE_INCLUDE }>;

/** One page of a run's task instances, by task id. */
export async function listTaskInstances(ctx: TServiceContext, input: { dagId: string; runId: string; limit: number; offset: number }) {
  const run = await getDagRun(ctx, input);
  const where = { dagRunId: run.id };
  const [instances, total] = await Promise.all([
    ctx.db.taskInstance.findMany({ where, include: TASK_INSTANCE_INCLUDE, orderBy: { taskId: 'asc' }, take: input.limit, skip: input.offset }),
    ctx.db.taskInstance.count({ where }),
  ]);
  return { instances, total };
}

/** One task instance of a run; one of another workspace does not exist. */
export async function getTaskInstance(ctx: TServiceContext, input: { dagId: string; runId: string; taskId: string }): Promise<TTaskInstanceView> {
  const run = await getDagRun(ctx, input);
  const instance = await ctx.db.taskInstance.findUnique({
    where: { dagRunId_taskId: { dagRunId: run.id, taskId: input.taskId } },
    include: TASK_INSTANCE_INCLUDE,
  });
  if (!instance) throw new AppError('not_found', `Run '${input.runId}' of DAG '${input.dagId}' has no task '${input.taskId}'.`);
  return instance;
}

/** A task instance and every attempt it made, oldest first (the panel's try tabs). */
export async function getTaskInstanceWithAttempts(ctx: TServiceContext, input: { dagId: string; runId: string; taskId: string }) {
  const instance = await getTaskInstance(ctx, input);
  const attempts = await ctx.db.taskAttempt.findMany({
    where: { taskInstanceId: instance.id, workspaceId: ctx.workspaceId },
    orderBy: { tryNumber: 'asc' },
    select: { tryNumber: true, state: true, startDate: true, endDate: true, errorMessage: true },
  });
  return { instance, attempts };
}
