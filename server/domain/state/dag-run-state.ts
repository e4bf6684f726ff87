import type { TDagRunState } from './dag-run-transitions';
import { isFinished, type TTaskInstanceState } from './task-instance-state';

export type TDagRunTask = { taskId: string; state: TTaskInstanceState; isLeaf: boolean };

const MAX_LISTED = 5;
const list = (ids: readonly string[]): string => {
  const rest = ids.length - MAX_LISTED;
  const shown = ids.slice(0, MAX_LISTED).join(', ');
  return rest > 0 ? `${shown} and ${rest} more` : shown;
};
const tasks = (n: number): string => (n === 1 ? 'task' : 'tasks');

/**
 * The run's state from its task instances, as Airflow's DagRun.update_state: running while
 * any task is unfinished; once all are finished, failed if any leaf failed or is
 * upstream_failed, success otherwise (every leaf succeeded or was skipped). Removed instances
 * are ignored; a run with no tasks left is a success, as in Airflow (`all([])`).
 *
 * Deadlock (unfinished tasks that can never run) is not detected here: it needs the trigger
 * rules and the graph, so the scheduler finds it and fails the run itself.
 */
export function deriveDagRunState(input: { tasks: readonly TDagRunTask[] }): {
  state: Extract<TDagRunState, 'running' | 'success' | 'failed'>;
  reason: string;
} {
  const present = input.tasks.filter((task) => task.state !== 'removed');
  const unfinished = present.filter((task) => !isFinished(task.state)).map((task) => task.taskId);
  if (unfinished.length > 0) {
    return {
      state: 'running',
      reason: `${unfinished.length} of ${present.length} ${tasks(present.length)} not finished yet (${list(unfinished)})`,
    };
  }
  const leaves = present.filter((task) => task.isLeaf);
  const failedLeaves = leaves
    .filter((task) => task.state === 'failed' || task.state === 'upstream_failed')
    .map((task) => task.taskId);
  if (failedLeaves.length > 0) {
    return {
      state: 'failed',
      reason: `Leaf ${tasks(failedLeaves.length)} ${list(failedLeaves)} failed or ${failedLeaves.length === 1 ? 'was' : 'were'} upstream_failed`,
    };
  }
  if (present.length === 0) return { state: 'success', reason: 'The run has no tasks' };
  return {
    state: 'success',
    reason: `All ${leaves.length} leaf ${tasks(leaves.length)} succeeded or ${leaves.length === 1 ? 'was' : 'were'} skipped`,
  };
}
