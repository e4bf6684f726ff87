import type { TSql } from '../../db/sql';
import { deriveDagRunState } from '../../domain/state/dag-run-state';
import { assertDagRunTransition } from '../../domain/state/dag-run-transitions';
import type { TTaskInstanceState } from '../../domain/state/task-instance-state';
import { loadDagVersion } from '../dags/load-dag-version';
import { runStateChangeEvents } from '../state-events/state-change-events';

const UNFINISHED = ['none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule'];

/**
 * Sets the final state of the given running runs whose task instances have all finished:
 * failed when a leaf failed or was upstream_failed, success otherwise (Airflow's rule).
 * Compare-and-set on `running`, so the several processes that may notice the same run's last
 * task ending agree on one outcome, recorded as a state-change event. Returns how many runs it finished.
 */
export async function finishRuns(db: TSql, runIds: readonly string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const done = await db.$queryRaw<{ id: string; dagVersionId: string }[]>`
    select r.id, r."dagVersionId" from dag_run r
    where r.id = any(${[...runIds]}::text[]) and r.state = 'running'
      and not exists (select 1 from task_instance ti where ti."dagRunId" = r.id and ti.state = any(${UNFINISHED}::text[]))`;
  let finished = 0;
  for (const run of done) {
    const spec = await loadDagVersion(db, run.dagVersionId);
    const leaves = new Set(spec.leaf_task_ids);
    const instances = await db.$queryRaw<{ taskId: string; state: TTaskInstanceState }[]>`
      select "taskId", state from task_instance where "dagRunId" = ${run.id}`;
    const outcome = deriveDagRunState({
      tasks: instances.map((instance) => ({ ...instance, isLeaf: leaves.has(instance.taskId) })),
    });
    if (outcome.state === 'running') continue;
    assertDagRunTransition('running', outcome.state);
    const moved = await db.$queryRaw<{ id: string }[]>`
      with moved as (
        update dag_run set state = ${outcome.state}, "endDate" = clock_timestamp(), "updatedAt" = clock_timestamp()
        where id = ${run.id} and state = 'running'
        returning id, "workspaceId", 'running' as from_state, state as to_state
      ), events as (${runStateChangeEvents(outcome.state === 'success' ? 'run_succeeded' : 'run_failed')})
      select id from moved`;
    finished += moved.length;
  }
  return finished;
}
