import { assertExhaustive } from '../errors';
import type { TTaskInstanceState } from './task-instance-state';

export const TRIGGER_RULES = [
  'all_success',
  'all_failed',
  'all_done',
  'one_success',
  'one_failed',
  'one_done',
  'none_failed',
  'none_failed_min_one_success',
  'none_skipped',
  'always',
] as const;
export type TTriggerRule = (typeof TRIGGER_RULES)[number];
export const DEFAULT_TRIGGER_RULE: TTriggerRule = 'all_success';

export type TUpstreamTask = { taskId: string; state: TTaskInstanceState };

export type TTriggerRuleResult =
  | { passed: true; reason: string }
  | {
      passed: false;
      reason: string;
      /** Set when no outcome of the unfinished upstreams could make the rule pass. */
      finalState: 'upstream_failed' | 'skipped' | null;
    };

type TTally = {
  total: number;
  success: string[];
  /** failed and upstream_failed together, as Airflow's checks always test them together. */
  failed: string[];
  /** failed alone: one_done counts only tasks that ran to an end, as Airflow's `failed` counter. */
  failedOnly: string[];
  skipped: string[];
  unfinished: string[];
};

function tally(upstream: readonly TUpstreamTask[]): TTally {
  const result: TTally = { total: 0, success: [], failed: [], failedOnly: [], skipped: [], unfinished: [] };
  for (const { taskId, state } of upstream) {
    // A removed instance's task is no longer in the DAG, so it is no longer an upstream
    // (Airflow only counts tasks of the current DAG version).
    if (state === 'removed') continue;
    result.total += 1;
    if (state === 'success') result.success.push(taskId);
    else if (state === 'failed' || state === 'upstream_failed') {
      result.failed.push(taskId);
      if (state === 'failed') result.failedOnly.push(taskId);
    }
    else if (state === 'skipped') result.skipped.push(taskId);
    else result.unfinished.push(taskId);
  }
  return result;
}

const MAX_LISTED = 5;

/** "extract", "extract, load", "a, b, c, d, e and 3 more": a long fan-in stays one line. */
function list(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_LISTED).join(', ');
  const rest = ids.length - MAX_LISTED;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

const tasks = (n: number): string => (n === 1 ? 'task' : 'tasks');
const wasWere = (ids: readonly string[]): string => (ids.length === 1 ? 'was' : 'were');

const pass = (reason: string): TTriggerRuleResult => ({ passed: true, reason });
const wait = (t: TTally, why: string): TTriggerRuleResult => ({
  passed: false,
  reason: `Waiting for ${t.unfinished.length} of ${t.total} upstream ${tasks(t.total)} (${list(t.unfinished)}); ${why}`,
  finalState: null,
});
const upstreamFailed = (reason: string): TTriggerRuleResult => ({ passed: false, reason, finalState: 'upstream_failed' });
const skipped = (reason: string): TTriggerRuleResult => ({ passed: false, reason, finalState: 'skipped' });

const failedSentence = (t: TTally): string =>
  `Upstream ${tasks(t.failed.length)} ${list(t.failed)} failed`;
const skippedSentence = (t: TTally): string =>
  `Upstream ${tasks(t.skipped.length)} ${list(t.skipped)} ${wasWere(t.skipped)} skipped`;

/**
 * Airflow's TriggerRuleDep with flag_upstream_failed on, as the scheduler runs it: a rule that
 * can no longer pass returns the state to set now (`finalState`), checked before whether it
 * passes, exactly in Airflow's order. A task without upstream tasks always passes.
 */
export function evaluateTriggerRule(
  rule: TTriggerRule,
  upstream: readonly TUpstreamTask[],
): TTriggerRuleResult {
  if (rule === 'always') return pass('Trigger rule always: runs whatever its upstream tasks did');
  const t = tally(upstream);
  if (t.total === 0) return pass('The task has no upstream tasks');
  return evaluateRule(rule, t);
}

function evaluateRule(rule: Exclude<TTriggerRule, 'always'>, t: TTally): TTriggerRuleResult {
  const done = t.unfinished.length === 0;
  switch (rule) {
    case 'all_success':
      if (t.failed.length > 0) return upstreamFailed(`${failedSentence(t)}; all_success needs every upstream task to succeed`);
      if (t.skipped.length > 0) return skipped(`${skippedSentence(t)}; all_success needs every upstream task to succeed`);
      if (!done) return wait(t, 'all_success needs every upstream task to succeed');
      return pass(`All ${t.total} upstream ${tasks(t.total)} succeeded`);
    case 'all_failed': {
      const notFailed = [...t.success, ...t.skipped];
      if (notFailed.length > 0) {
        return skipped(`Upstream ${tasks(notFailed.length)} ${list(notFailed)} did not fail; all_failed needs every upstream task to fail`);
      }
      if (!done) return wait(t, 'all_failed needs every upstream task to fail');
      return pass(`All ${t.total} upstream ${tasks(t.total)} failed`);
    }
    case 'all_done':
      if (!done) return wait(t, 'all_done needs every upstream task to finish');
      return pass(`All ${t.total} upstream ${tasks(t.total)} are done`);
    case 'one_success':
      if (t.success.length > 0) return pass(`Upstream ${tasks(t.success.length)} ${list(t.success)} succeeded`);
      if (done && t.skipped.length === t.total) return skipped(`All ${t.total} upstream ${tasks(t.total)} ${t.total === 1 ? 'was' : 'were'} skipped; one_success needs one to succeed`);
      if (done) return upstreamFailed(`No upstream task succeeded; one_success needs one to succeed`);
      return wait(t, 'one_success needs one upstream task to succeed');
    case 'one_failed':
      if (t.failed.length > 0) return pass(failedSentence(t));
      if (done) return skipped('No upstream task failed; one_failed needs one to fail');
      return wait(t, 'one_failed needs one upstream task to fail');
    case 'one_done': {
      const finished = [...t.success, ...t.failedOnly];
      if (finished.length > 0) return pass(`Upstream ${tasks(finished.length)} ${list(finished)} finished`);
      if (done) return skipped('No upstream task succeeded or failed; one_done needs one to');
      return wait(t, 'one_done needs one upstream task to succeed or fail');
    }
    case 'none_failed':
      return noneFailed(t, 'none_failed', false);
    case 'none_failed_min_one_success':
      return noneFailed(t, 'none_failed_min_one_success', true);
    case 'none_skipped':
      if (t.skipped.length > 0) return skipped(`${skippedSentence(t)}; none_skipped needs no upstream task to be skipped`);
      if (!done) return wait(t, 'none_skipped needs every upstream task to finish without being skipped');
      return pass(`No upstream task was skipped`);
    default:
      return assertExhaustive(rule);
  }
}

function noneFailed(t: TTally, rule: string, minOneSuccess: boolean): TTriggerRuleResult {
  if (t.failed.length > 0) return upstreamFailed(`${failedSentence(t)}; ${rule} needs no upstream task to fail`);
  if (minOneSuccess && t.skipped.length === t.total) {
    return skipped(`All ${t.total} upstream ${tasks(t.total)} ${t.total === 1 ? 'was' : 'were'} skipped; ${rule} needs one to succeed`);
  }
  if (t.unfinished.length > 0) return wait(t, `${rule} needs every upstream task to succeed or be skipped`);
  return pass('No upstream task failed');
}
