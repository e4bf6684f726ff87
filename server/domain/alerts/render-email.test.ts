import { describe, expect, it } from 'vitest';
import type { TAlertMessage } from './alert-message';
import { renderAlertEmail } from './render-email';

const message = (overrides: Partial<TAlertMessage> = {}): TAlertMessage => ({
  kind: 'failure',
  title: '❌ orders_daily.load failed (try 3 of 3) — acme',
  text: 'orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.',
  fields: [
    { label: 'DAG', value: 'orders_daily' },
    { label: 'Owner', value: 'Ada <ada@example.com>' },
  ],
  logTail: ['loading rows', 'ERROR: value <script>alert(1)</script> & more'],
  links: [{ label: 'Log', url: 'https://tributary.example.com/w/acme/dags/orders_daily/runs/r1/tasks/load?try=3&x="y"' }],
  mentionSlackUserId: 'U0123ABC',
  items: [],
  dedupeKey: 'acme:orders_daily:load:r1:3',
  context: { workspace: 'acme', dag_id: 'orders_daily', task_id: 'load', run_id: 'r1', incident_id: '7' },
  ...overrides,
});

describe('renderAlertEmail', () => {
  it('uses the title as subject and the plain text as the text part', () => {
    const email = renderAlertEmail(message());
    expect(email.subject).toBe('❌ orders_daily.load failed (try 3 of 3) — acme');
    expect(email.text).toBe('orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.');
  });

  it('renders the fields, the log tail in <pre> and the links, all escaped', () => {
    const { html } = renderAlertEmail(message());
    expect(html).toContain('<th style="padding:4px 12px 4px 0;vertical-align:top;text-align:left">Owner</th>');
    expect(html).toContain('>Ada &lt;ada@example.com&gt;</td>');
    expect(html).toMatch(/<pre[^>]*>loading rows\nERROR: value &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; more<\/pre>/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://tributary.example.com/w/acme/dags/orders_daily/runs/r1/tasks/load?try=3&amp;x=&quot;y&quot;">Log</a>');
  });

  it('lists a digest and turns no non-http link into an anchor', () => {
    const { html } = renderAlertEmail(message({ kind: 'digest', items: ['a failed', 'b <failed>'], links: [{ label: 'x', url: 'javascript:alert(1)' }] }));
    expect(html).toContain('<ul><li>a failed</li><li>b &lt;failed&gt;</li></ul>');
    expect(html).not.toContain('href="javascript');
  });

  it('keeps the subject on one line', () => {
    expect(renderAlertEmail(message({ title: 'one\r\nBcc: evil@example.com' })).subject).toBe('one Bcc: evil@example.com');
  });

  it('leaves out what the message does not have', () => {
    const { html } = renderAlertEmail(message({ fields: [], logTail: [], links: [] }));
    expect(html).not.toContain('<table');
    expect(html).not.toContain('<pre');
    expect(html).not.toContain('<a ');
  });
});
