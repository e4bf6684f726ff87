import { z } from 'zod';
import { DAG_RUN_STATES } from '../../domain/state/dag-run-transitions';
import { TASK_INSTANCE_STATES } from '../../domain/state/task-instance-state';
import { setTaskInstanceNote } from '../../services/incidents/set-task-instance-note';
import { browseTaskInstances, decodeBrowseCursor, listDagOwners } from '../../services/task-instances/browse-task-instances';
import { roleProcedure, router, workspaceProcedure } from '../init';

export const ZBrowseInputSchema = z.object({
  states: z.array(z.enum(TASK_INSTANCE_STATES)).max(TASK_INSTANCE_STATES.length).optional(),
  runStates: z.array(z.enum(DAG_RUN_STATES)).max(DAG_RUN_STATES.length).optional(),
  dagId: z.string().trim().min(1).max(250).optional(),
  owner: z.string().trim().min(1).max(250).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  after: z.string().min(1).max(2_000).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const taskInstancesRouter = router({
  /** Task instances across the workspace's DAGs, filtered, one keyset page. */
  browse: workspaceProcedure.input(ZBrowseInputSchema).query(async ({ ctx, input }) => {
    const { instances, next } = await browseTaskInstances(ctx.service, {
      states: input.states,
      runStates: input.runStates,
      dagId: input.dagId,
      owner: input.owner,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
      after: input.after ? decodeBrowseCursor(input.after) : undefined,
      limit: input.limit,
    });
    return {
      next,
      task_instances: instances.map((ti) => ({
        dag_id: ti.dagId,
        owner: ti.owner,
        run_id: ti.runId,
        run_state: ti.runState,
        logical_date: ti.logicalDate.toISOString(),
        task_id: ti.taskId,
        task_type: ti.taskType,
        state: ti.state,
        try_number: ti.tryNumber,
        start_date: iso(ti.startDate),
        end_date: iso(ti.endDate),
        duration: ti.duration,
      })),
    };
  }),
  owners: workspaceProcedure.query(({ ctx }) => listDagOwners(ctx.service)),
  /** A short note on a task instance (Airflow 3's `note`); null or empty removes it. */
  setNote: roleProcedure('editor')
    .input(z.object({ dagId: z.string().min(1).max(250), runId: z.string().min(1).max(250), taskId: z.string().min(1).max(250), note: z.string().max(10_000).nullable() }))
    .mutation(({ ctx, input }) => setTaskInstanceNote(ctx.service, input)),
});
