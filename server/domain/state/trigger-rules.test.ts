import { describe, expect, it } from 'vitest';
import type { TTaskInstanceState } from './task-instance-state';
import { evaluateTriggerRule, TRIGGER_RULES, type TTriggerRule, type TUpstreamTask } from './trigger-rules';

/** 'sfk' → upstreams a:success, b:failed, c:skipped; letters below. */
const CODES: Record<string, TTaskInstanceState> = {
  s: 'success',
  f: 'failed',
  u: 'upstream_failed',
  k: 'skipped',
  n: 'none',
  d: 'scheduled',
  q: 'queued',
  r: 'running',
  y: 'up_for_retry',
  x: 'removed',
};
const ups = (codes: string): TUpstreamTask[] =>
  [...codes].map((code, i) => ({ taskId: String.fromCharCode(97 + i), state: CODES[code] ?? 'none' }));

type TOutcome = 'pass' | 'wait' | 'upstream_failed' | 'skipped';
const outcome = (rule: TTriggerRule, codes: string): TOutcome => {
  const result = evaluateTriggerRule(rule, ups(codes));
  if (result.passed) return 'pass';
  return result.finalState ?? 'wait';
};

// Each row follows airflow/ti_deps/deps/trigger_rule_dep.py with flag_upstream_failed=True.
const CASES: [TTriggerRule, string, TOutcome][] = [
  ['all_success', 'sss', 'pass'],
  ['all_success', 'ssr', 'wait'],
  ['all_success', 'sny', 'wait'],
  ['all_success', 'sfr', 'upstream_failed'],
  ['all_success', 'sur', 'upstream_failed'],
  ['all_success', 'skr', 'skipped'],
  ['all_success', 'fk', 'upstream_failed'], // failure wins over skip, as in Airflow's elif order
  ['all_success', 'sx', 'pass'], // removed upstreams are no longer upstreams
  ['all_failed', 'ffu', 'pass'],
  ['all_failed', 'fr', 'wait'],
  ['all_failed', 'fsr', 'skipped'],
  ['all_failed', 'fk', 'skipped'],
  ['all_done', 'sfku', 'pass'],
  ['all_done', 'sfq', 'wait'],
  ['all_done', 'd', 'wait'],
  ['one_success', 'srn', 'pass'],
  ['one_success', 'frn', 'wait'],
  ['one_success', 'kk', 'skipped'],
  ['one_success', 'kf', 'upstream_failed'],
  ['one_success', 'uu', 'upstream_failed'],
  ['one_failed', 'sfn', 'pass'],
  ['one_failed', 'ur', 'pass'],
  ['one_failed', 'sr', 'wait'],
  ['one_failed', 'sk', 'skipped'],
  ['one_done', 'sn', 'pass'],
  ['one_done', 'fn', 'pass'],
  ['one_done', 'kn', 'wait'],
  ['one_done', 'ku', 'skipped'], // upstream_failed is not "done" for one_done
  ['one_done', 'kur', 'wait'],
  ['none_failed', 'sk', 'pass'],
  ['none_failed', 'kk', 'pass'],
  ['none_failed', 'skr', 'wait'],
  ['none_failed', 'sfr', 'upstream_failed'],
  ['none_failed', 'ur', 'upstream_failed'],
  ['none_failed_min_one_success', 'sk', 'pass'],
  ['none_failed_min_one_success', 'kk', 'skipped'],
  ['none_failed_min_one_success', 'kr', 'wait'],
  ['none_failed_min_one_success', 'fk', 'upstream_failed'],
  ['none_failed_min_one_success', 'kkx', 'skipped'],
  ['none_skipped', 'sfu', 'pass'],
  ['none_skipped', 'sr', 'wait'],
  ['none_skipped', 'skr', 'skipped'],
  ['always', 'ffr', 'pass'],
  ['always', 'n', 'pass'],
];

describe('evaluateTriggerRule', () => {
  it.each(CASES)('%s with upstreams %s → %s', (rule, codes, expected) => {
    expect(outcome(rule, codes)).toBe(expected);
  });

  it.each(TRIGGER_RULES.map((rule) => [rule]))('%s passes with no upstream tasks', (rule) => {
    expect(evaluateTriggerRule(rule, [])).toMatchObject({ passed: true });
    expect(evaluateTriggerRule(rule, ups('x'))).toMatchObject({ passed: true });
  });

  it.each([
    [
      'all_success',
      [
        { taskId: 'extract', state: 'running' },
        { taskId: 'transform', state: 'none' },
        { taskId: 'validate', state: 'success' },
      ],
      'Waiting for 2 of 3 upstream tasks (extract, transform); all_success needs every upstream task to succeed',
    ],
    ['all_success', ups('sss'), 'All 3 upstream tasks succeeded'],
    ['all_success', ups('fsu'), 'Upstream tasks a, c failed; all_success needs every upstream task to succeed'],
    ['all_success', ups('sk'), 'Upstream task b was skipped; all_success needs every upstream task to succeed'],
    ['all_done', ups('rrrrrrr'), 'Waiting for 7 of 7 upstream tasks (a, b, c, d, e and 2 more); all_done needs every upstream task to finish'],
    ['one_success', ups('kk'), 'All 2 upstream tasks were skipped; one_success needs one to succeed'],
    ['one_success', ups('kf'), 'No upstream task succeeded; one_success needs one to succeed'],
    ['one_failed', ups('sk'), 'No upstream task failed; one_failed needs one to fail'],
    ['none_failed_min_one_success', ups('k'), 'All 1 upstream task was skipped; none_failed_min_one_success needs one to succeed'],
    ['always', ups('f'), 'Trigger rule always: runs whatever its upstream tasks did'],
    ['all_success', [], 'The task has no upstream tasks'],
  ] as const)('%s explains itself (case %#)', (rule, upstream, reason) => {
    expect(evaluateTriggerRule(rule, upstream).reason).toBe(reason);
  });
});
