import type { TTaskAlertRules } from '../dag/normalize-dag';
import type { TAlertKind } from './alert-message';

/** A state-change event as the alert relay reads it. */
export type TAlertEvent = {
  taskInstanceId: string | null;
  tryNumber: number | null;
  fromState: string;
  toState: string;
  reason: string;
};

/** The task the event is about, as its run's DAG version defines it (null for a run event, or a task the version no longer has). */
export type TAlertTask = { taskId: string; alerts: TTaskAlertRules; email: string[] };

/**
 * What one event asks for: incident bookkeeping and alerts. A target is a channel name,
 * `default` (the workspace's default channels) or `email:<address>` (a spec's `email`).
 */
export type TAlertDecision = {
  incident: 'open_or_join' | 'resolve' | null;
  alerts: { kind: TAlertKind; targets: string[] }[];
};

const NOTHING: TAlertDecision = { incident: null, alerts: [] };

/**
 * Failures the on-call engineer must hear about: the engine gave up on the task (its tries are
 * used up, it timed out, its worker vanished, the run hit dagrun_timeout). A user marking a task
 * failed is not one: they know, and `upstream_failed` follows from a failure already reported.
 */
const ALERTING_FAILURES = new Set(['task_failed', 'timeout', 'zombie', 'run_timeout']);

/**
 * Airflow's notifier rules, with its long-standing complaints fixed: a failure alerts only when
 * no tries are left (a try that will be retried is `up_for_retry`, alerted only through
 * `on_retry`); a successful run resolves the DAG's incident, whose recovery goes out from
 * the service (it knows where the failures were sent).
 */
export function decideAlerts(event: TAlertEvent, task: TAlertTask | null): TAlertDecision {
  if (event.taskInstanceId === null) {
    return event.toState === 'success' ? { incident: 'resolve', alerts: [] } : NOTHING;
  }
  if (task === null) return NOTHING;
  if (event.toState === 'failed' && ALERTING_FAILURES.has(event.reason)) {
    const targets = unique([...task.alerts.on_failure, ...task.email.map((address) => `email:${address}`)]);
    return { incident: 'open_or_join', alerts: targets.length > 0 ? [{ kind: 'failure', targets }] : [] };
  }
  if (event.toState === 'up_for_retry' && task.alerts.on_retry.length > 0) {
    return { incident: null, alerts: [{ kind: 'retry', targets: unique(task.alerts.on_retry) }] };
  }
  if (event.toState === 'success' && event.reason === 'task_succeeded' && task.alerts.on_success.length > 0) {
    return { incident: null, alerts: [{ kind: 'success', targets: unique(task.alerts.on_success) }] };
  }
  return NOTHING;
}

/**
 * The same failure never alerts twice: one key per workspace, DAG, task, run and try (and kind,
 * so that a try's retry alert and a later success are not mistaken for it).
 */
export function alertDedupeKey(kind: TAlertKind, parts: { workspace: string; dagId: string; taskId: string | null; runId: string | null; tryNumber: number | null }): string {
  return [kind, parts.workspace, parts.dagId, parts.taskId ?? '-', parts.runId ?? '-', parts.tryNumber ?? '-'].join(':');
}

/**
 * A storm (a backfill failing everywhere) must not bury a channel: past `limit` alerts to one
 * target within the window, the rest wait in one digest per target.
 */
export const STORM_LIMIT = 10;
export const STORM_WINDOW_SECONDS = 5 * 60;

export function isStorm(recentAlertsToTarget: number): boolean {
  return recentAlertsToTarget >= STORM_LIMIT;
}

function unique(targets: string[]): string[] {
  return [...new Set(targets)];
}
