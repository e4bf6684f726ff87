import { describe, expect, it } from 'vitest';
import { buildIncidentTimeline, type TTimelineEvent, type TTimelineIncident } from './incident-timeline';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 2, minute));
const RUN = 'scheduled__2026-12-04T00:00:00+00:00';
const RUN_PATH = '/w/acme/dags/orders/runs/scheduled__2026-12-04T00%3A00%3A00%2B00%3A00';

const incident: TTimelineIncident = {
  id: 'inc-1', workspace: 'acme', dagId: 'orders', openedAt: at(10),
  acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, resolvingRunId: null,
};

function event(minute: number, fields: Partial<TTimelineEvent>): TTimelineEvent {
  return { at: at(minute), reason: 'task_failed', fromState: 'running', toState: 'failed', actor: null, runId: RUN, logicalDate: at(0), taskId: 'load', tryNumber: 2, ...fields };
}

describe('buildIncidentTimeline', () => {
  it('tells the story of a failure, its clear and the recovery, oldest first, with actors and links', () => {
    const resolved = { ...incident, acknowledgedAt: at(15), acknowledgedBy: 'alice@example.com', resolvedAt: at(30), resolvingRunId: RUN };
    const timeline = buildIncidentTimeline({
      incident: resolved,
      events: [
        event(10, {}),
        event(10, { taskId: null, tryNumber: null, reason: 'run_failed', fromState: 'running', toState: 'failed' }),
        event(20, { reason: 'cleared', fromState: 'failed', toState: 'none', actor: 'bob@example.com', tryNumber: 2 }),
        event(25, { reason: 'task_succeeded', toState: 'success', tryNumber: 3 }),
        event(30, { taskId: null, tryNumber: null, reason: 'run_succeeded', fromState: 'running', toState: 'success' }),
      ],
      deliveries: [{ at: at(11), kind: 'failure', state: 'sent', target: 'oncall', attempts: 1, error: null }],
    }, at(59));
    expect(timeline.map((entry) => [entry.at.getUTCMinutes(), entry.kind, entry.text, entry.actor])).toEqual([
      [10, 'failure', `load in ${RUN} failed (try 2)`, null],
      [10, 'run', `Run ${RUN} failed`, null],
      [10, 'opened', 'Incident opened: orders is failing', null],
      [11, 'alert', 'Failure alert to oncall sent (1 attempt)', null],
      [15, 'acknowledged', 'Acknowledged by alice@example.com', 'alice@example.com'],
      [20, 'clear', `load in ${RUN} cleared by bob@example.com`, 'bob@example.com'],
      [30, 'run', `Run ${RUN} succeeded: recovered`, null],
      [30, 'resolved', `Resolved: run ${RUN} succeeded`, null],
    ]);
    expect(timeline[0]!.link).toBe(`${RUN_PATH}/tasks/load?try=2`);
    expect(timeline[2]!.link).toBe('/w/acme/incidents/inc-1');
    expect(timeline.at(-1)!.link).toBe(RUN_PATH);
  });

  it.each([
    ['a timeout that will retry', { reason: 'timeout', toState: 'up_for_retry', tryNumber: 1 }, 'retry', `load in ${RUN} timed out (try 1); it will retry`],
    ['a lost worker', { reason: 'zombie' }, 'failure', `load in ${RUN} was lost (no heartbeat) (try 2)`],
    ['a mark by a person', { reason: 'marked', toState: 'success', actor: 'carol@example.com' }, 'mark', `load in ${RUN} marked success by carol@example.com`],
    ['a dagrun_timeout', { reason: 'run_timeout', taskId: null, tryNumber: null }, 'run', `Run ${RUN} failed: dagrun_timeout`],
    ['a cleared run', { reason: 'cleared', taskId: null, tryNumber: null, toState: 'queued', actor: 'dan' }, 'clear', `Run ${RUN} cleared by dan`],
  ] as const)('writes %s', (_what, fields, kind, text) => {
    const [, entry] = buildIncidentTimeline({ incident, events: [event(12, fields)], deliveries: [] }, at(59));
    expect(entry).toMatchObject({ kind, text });
  });

  it('leaves out the engine moving along and anything outside the incident', () => {
    const timeline = buildIncidentTimeline({
      incident: { ...incident, resolvedAt: at(30) },
      events: [
        event(5, {}),
        event(12, { reason: 'upstream_failed', toState: 'upstream_failed', taskId: 'report' }),
        event(13, { reason: 'trigger_rule_skipped', toState: 'skipped' }),
        event(14, { reason: 'task_succeeded', toState: 'success' }),
        event(14, { reason: 'run_started', taskId: null, fromState: 'queued', toState: 'running' }),
        event(31, {}),
      ],
      deliveries: [],
    }, at(59));
    expect(timeline.map((entry) => entry.kind)).toEqual(['opened', 'resolved']);
  });

  it('runs to now while the incident is open, and names who resolved it by hand and failed deliveries', () => {
    const timeline = buildIncidentTimeline({
      incident: { ...incident, resolvedAt: at(40), resolvedBy: 'token ops (trb_1…)' },
      events: [event(39, {}), event(41, {})],
      deliveries: [{ at: at(12), kind: 'failure', state: 'failed', target: 'ops@example.com', attempts: 5, error: 'SMTP 550' }],
    }, at(59));
    expect(timeline.map((entry) => entry.text)).toEqual([
      'Incident opened: orders is failing',
      'Failure alert to ops@example.com failed (5 attempts): SMTP 550',
      `load in ${RUN} failed (try 2)`,
      'Resolved by token ops (trb_1…)',
    ]);
    const open = buildIncidentTimeline({ incident, events: [event(41, {}), event(50, {})], deliveries: [] }, at(45));
    expect(open.map((entry) => entry.at.getUTCMinutes())).toEqual([10, 41]);
  });
});
