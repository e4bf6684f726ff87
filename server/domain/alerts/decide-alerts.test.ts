import { describe, expect, it } from 'vitest';
import { alertDedupeKey, decideAlerts, type TAlertTask } from './decide-alerts';

const task = (alerts: Partial<TAlertTask['alerts']> = {}, email: string[] = []): TAlertTask => ({
  taskId: 'load',
  alerts: { on_failure: ['default'], on_retry: [], on_recovery: null, on_success: [], ...alerts },
  email,
});
const taskEvent = (toState: string, reason: string) => ({ taskInstanceId: 'ti', tryNumber: 1, fromState: 'running', toState, reason });

describe('decideAlerts', () => {
  it('alerts the default channels and opens the incident when a task has no tries left', () => {
    expect(decideAlerts(taskEvent('failed', 'task_failed'), task())).toEqual({ incident: 'open_or_join', alerts: [{ kind: 'failure', targets: ['default'] }] });
  });

  it('sends nothing for a try that will be retried, unless on_retry asks', () => {
    expect(decideAlerts(taskEvent('up_for_retry', 'task_retry'), task())).toEqual({ incident: null, alerts: [] });
    expect(decideAlerts(taskEvent('up_for_retry', 'zombie'), task({ on_retry: ['oncall'] }))).toEqual({ incident: null, alerts: [{ kind: 'retry', targets: ['oncall'] }] });
  });

  it('adds the spec’s email addresses to the failure targets, once each', () => {
    const decision = decideAlerts(taskEvent('failed', 'timeout'), task({ on_failure: ['oncall', 'oncall'] }, ['a@example.com']));
    expect(decision.alerts).toEqual([{ kind: 'failure', targets: ['oncall', 'email:a@example.com'] }]);
  });

  it('opens the incident even when on_failure is empty (nobody is paged, the break is still recorded)', () => {
    expect(decideAlerts(taskEvent('failed', 'task_failed'), task({ on_failure: [] }))).toEqual({ incident: 'open_or_join', alerts: [] });
  });

  it('does not alert a failure a user marked, or an upstream_failed that follows a reported one', () => {
    expect(decideAlerts(taskEvent('failed', 'marked'), task())).toEqual({ incident: null, alerts: [] });
    expect(decideAlerts({ ...taskEvent('upstream_failed', 'upstream_failed'), fromState: 'none' }, task())).toEqual({ incident: null, alerts: [] });
  });

  it('alerts a success only where on_success asks', () => {
    expect(decideAlerts(taskEvent('success', 'task_succeeded'), task())).toEqual({ incident: null, alerts: [] });
    expect(decideAlerts(taskEvent('success', 'task_succeeded'), task({ on_success: ['team'] })).alerts).toEqual([{ kind: 'success', targets: ['team'] }]);
  });

  it('resolves the incident when a run succeeds, and ignores the run’s other moves', () => {
    const run = (toState: string, reason: string) => ({ taskInstanceId: null, tryNumber: null, fromState: 'running', toState, reason });
    expect(decideAlerts(run('success', 'run_succeeded'), null)).toEqual({ incident: 'resolve', alerts: [] });
    expect(decideAlerts(run('failed', 'run_failed'), null)).toEqual({ incident: null, alerts: [] });
  });
});

describe('alertDedupeKey', () => {
  it('is one key per workspace, DAG, task, run and try', () => {
    const parts = { workspace: 'acme', dagId: 'orders', taskId: 'load', runId: 'manual__1', tryNumber: 3 };
    expect(alertDedupeKey('failure', parts)).toBe('failure:acme:orders:load:manual__1:3');
    expect(alertDedupeKey('failure', { ...parts, tryNumber: 4 })).not.toBe(alertDedupeKey('failure', parts));
  });
});
