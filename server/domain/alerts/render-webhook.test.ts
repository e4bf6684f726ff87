import { describe, expect, it } from 'vitest';
import type { TAlertMessage } from './alert-message';
import { renderWebhookBody } from './render-webhook';

const message: TAlertMessage = {
  kind: 'digest',
  title: '12 failures in acme',
  text: '12 tasks failed in acme in the last 5 minutes.',
  fields: [{ label: 'Workspace', value: 'acme' }],
  logTail: ['last line'],
  links: [{ label: 'Incidents', url: 'https://tributary.example.com/w/acme/incidents' }],
  mentionSlackUserId: 'U0123ABC',
  items: ['orders_daily.load on 2026-11-01', 'orders_daily.load on 2026-11-02'],
  dedupeKey: 'acme:digest:2026-12-05T17:00',
  context: { workspace: 'acme', dag_id: null, task_id: null, run_id: null, incident_id: null },
};

describe('renderWebhookBody', () => {
  it('is the documented snake_case shape, with the send time', () => {
    expect(renderWebhookBody(message, new Date('2026-12-05T17:00:01.000Z'))).toEqual({
      kind: 'digest',
      title: '12 failures in acme',
      text: '12 tasks failed in acme in the last 5 minutes.',
      fields: [{ label: 'Workspace', value: 'acme' }],
      log_tail: ['last line'],
      links: [{ label: 'Incidents', url: 'https://tributary.example.com/w/acme/incidents' }],
      items: ['orders_daily.load on 2026-11-01', 'orders_daily.load on 2026-11-02'],
      context: { workspace: 'acme', dag_id: null, task_id: null, run_id: null, incident_id: null },
      dedupe_key: 'acme:digest:2026-12-05T17:00',
      sent_at: '2026-12-05T17:00:01.000Z',
    });
  });

  it('carries no Slack-only field', () => {
    expect(Object.keys(renderWebhookBody(message, new Date(0)))).not.toContain('mentionSlackUserId');
  });
});
