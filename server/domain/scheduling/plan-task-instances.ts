import type { TTaskInstanceState } from '../state/task-instance-state';
import { evaluateTriggerRule, type TTriggerRule } from '../state/trigger-rules';

export type TPlanTask = { task_id: string; upstream: readonly string[]; trigger_rule: TTriggerRule };
export type TPlanInstance = { id: string; taskId: string; state: TTaskInstanceState; nextRetryAt: Date | null };

export type TTaskInstancePlan = {
  /**
   * none / up_for_retry instances whose trigger rule passes now, and up_for_reschedule sensors
   * whose next poke is due (their upstream passed when they first ran): → scheduled.
   */
  schedule: string[];
  /** Instances whose trigger rule can never pass: → upstream_failed or skipped. */
  upstreamFailed: string[];
  skipped: string[];
  /** Why each waiting instance is not scheduled (for the UI). */
  waiting: Map<string, string>;
};

/**
 * Airflow's dependency check for one run: walks the tasks in topological order, so a decision
 * on an upstream (say upstream_failed) is seen by its downstream in the same pass and a failure
 * propagates through the whole run at once, not one level per scheduler tick.
 * `tasks` must be in topological order (as TDag.tasks is).
 */
export function planTaskInstances(input: {
  tasks: readonly TPlanTask[];
  instances: readonly TPlanInstance[];
  now: Date;
}): TTaskInstancePlan {
  const byTask = new Map(input.instances.map((instance) => [instance.taskId, instance]));
  const state = new Map(input.instances.map((instance) => [instance.taskId, instance.state]));
  const plan: TTaskInstancePlan = { schedule: [], upstreamFailed: [], skipped: [], waiting: new Map() };
  for (const task of input.tasks) {
    const instance = byTask.get(task.task_id);
    if (!instance || !isCandidate(instance, input.now)) continue;
    if (instance.state === 'up_for_reschedule') {
      plan.schedule.push(instance.id);
      continue;
    }
    const upstream = task.upstream.flatMap((taskId) => {
      const upstreamState = state.get(taskId);
      return upstreamState ? [{ taskId, state: upstreamState }] : [];
    });
    const result = evaluateTriggerRule(task.trigger_rule, upstream);
    if (result.passed) {
      plan.schedule.push(instance.id);
      state.set(task.task_id, 'scheduled');
    } else if (result.finalState === 'upstream_failed') {
      plan.upstreamFailed.push(instance.id);
      state.set(task.task_id, 'upstream_failed');
    } else if (result.finalState === 'skipped') {
      plan.skipped.push(instance.id);
      state.set(task.task_id, 'skipped');
    } else {
      plan.waiting.set(instance.id, result.reason);
    }
  }
  return plan;
}

function isCandidate(instance: TPlanInstance, now: Date): boolean {
  if (instance.state === 'none') return true;
  const waitsForTime = instance.state === 'up_for_retry' || instance.state === 'up_for_reschedule';
  return waitsForTime && instance.nextRetryAt !== null && instance.nextRetryAt.getTime() <= now.getTime();
}
