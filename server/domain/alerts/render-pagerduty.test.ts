import { describe, expect, it } from 'vitest';
import type { TAlertKind, TAlertMessage } from './alert-message';
import { pagerDutyAction, renderPagerDutyEvent } from './render-pagerduty';

const ROUTING = 'R0123456789abcdef0123456789abcde';
const NOW = new Date('2026-12-05T17:00:00.000Z');

const message = (overrides: Partial<TAlertMessage> = {}): TAlertMessage => ({
  kind: 'failure',
  title: '❌ orders_daily.load failed (try 3 of 3) — acme',
  text: 'orders_daily.load failed.',
  fields: [
    { label: 'DAG', value: 'orders_daily' },
    { label: 'Try', value: '3 of 3' },
  ],
  logTail: ['a', 'b'],
  links: [
    { label: 'Log', url: 'https://tributary.example.com/log' },
    { label: 'Bad', url: 'ftp://example.com/x' },
  ],
  mentionSlackUserId: null,
  items: [],
  dedupeKey: 'acme:orders_daily',
  context: { workspace: 'acme', dag_id: 'orders_daily', task_id: 'load', run_id: 'r1', incident_id: '7' },
  ...overrides,
});

describe('renderPagerDutyEvent', () => {
  it('triggers a failure under its incident’s key, with the fields and context as custom details', () => {
    expect(renderPagerDutyEvent(message(), ROUTING, NOW)).toEqual({
      routing_key: ROUTING,
      event_action: 'trigger',
      dedup_key: 'tributary-incident:7',
      payload: {
        summary: '❌ orders_daily.load failed (try 3 of 3) — acme',
        source: 'tributary',
        severity: 'error',
        timestamp: '2026-12-05T17:00:00.000Z',
        component: 'orders_daily',
        group: 'acme',
        class: 'failure',
        custom_details: {
          DAG: 'orders_daily',
          Try: '3 of 3',
          context: { workspace: 'acme', dag_id: 'orders_daily', task_id: 'load', run_id: 'r1', incident_id: '7' },
          log_tail: 'a\nb',
        },
      },
      links: [{ href: 'https://tributary.example.com/log', text: 'Log' }],
      client: 'Tributary',
      client_url: 'https://tributary.example.com/log',
    });
  });

  it('resolves a recovery under the same key', () => {
    expect(renderPagerDutyEvent(message({ kind: 'recovery' }), ROUTING, NOW)).toEqual({ routing_key: ROUTING, event_action: 'resolve', dedup_key: 'tributary-incident:7' });
    // Without an incident (a test, an SLA miss), the message's own key.
    const context = { workspace: 'acme', dag_id: null, task_id: null, run_id: null, incident_id: null };
    expect(renderPagerDutyEvent(message({ kind: 'test', context }), ROUTING, NOW).dedup_key).toBe('acme:orders_daily');
  });

  it.each([
    ['failure', 'trigger'],
    ['retry', 'trigger'],
    ['sla', 'trigger'],
    ['freshness', 'trigger'],
    ['deprecation', 'trigger'],
    ['review', 'trigger'],
    ['digest', 'trigger'],
    ['test', 'trigger'],
    ['recovery', 'resolve'],
    ['success', 'resolve'],
  ] as [TAlertKind, string][])('%s → %s', (kind, action) => expect(pagerDutyAction(kind)).toBe(action));

  it.each([
    ['retry', 'warning'],
    ['sla', 'warning'],
    ['freshness', 'warning'],
    ['deprecation', 'warning'],
    ['review', 'info'],
    ['test', 'info'],
    ['digest', 'error'],
  ] as [TAlertKind, string][])('a %s triggers at severity %s', (kind, severity) => {
    const event = renderPagerDutyEvent(message({ kind }), ROUTING, NOW);
    expect(event.event_action === 'trigger' && event.payload.severity).toBe(severity);
  });

  it('folds the failures of one Tributary incident into one PagerDuty incident, which its recovery resolves', () => {
    const context = { workspace: 'acme', dag_id: 'orders_daily', task_id: null, run_id: null, incident_id: 'inc-7' };
    const failure = renderPagerDutyEvent(message({ kind: 'failure', dedupeKey: 'failure:acme:orders_daily:load:r1:3', context }), ROUTING, NOW);
    const later = renderPagerDutyEvent(message({ kind: 'failure', dedupeKey: 'failure:acme:orders_daily:load:r2:3', context }), ROUTING, NOW);
    const recovery = renderPagerDutyEvent(message({ kind: 'recovery', dedupeKey: 'recovery:inc-7', context }), ROUTING, NOW);
    expect([failure.dedup_key, later.dedup_key, recovery]).toEqual([
      'tributary-incident:inc-7', 'tributary-incident:inc-7', { routing_key: ROUTING, event_action: 'resolve', dedup_key: 'tributary-incident:inc-7' },
    ]);
  });

  it("keeps within PagerDuty's limits: summary 1024, dedup_key 255", () => {
    const context = { workspace: 'acme', dag_id: null, task_id: null, run_id: null, incident_id: null };
    const event = renderPagerDutyEvent(message({ title: 'x'.repeat(2000), dedupeKey: 'k'.repeat(300), context }), ROUTING, NOW);
    expect(event.dedup_key).toHaveLength(255);
    expect(event.event_action === 'trigger' && event.payload.summary.length).toBe(1024);
  });
});
