import { describe, expect, it } from 'vitest';
import type { TAlertMessage } from './alert-message';
import { escapeMrkdwn, renderSlackMessage, type TSlackBlock } from './render-slack';

const message = (overrides: Partial<TAlertMessage> = {}): TAlertMessage => ({
  kind: 'failure',
  title: '❌ orders_daily.load failed (try 3 of 3) — acme',
  text: 'orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.',
  fields: [
    { label: 'DAG', value: 'orders_daily' },
    { label: 'Task', value: 'load' },
    { label: 'Try', value: '3 of 3' },
  ],
  logTail: ['loading 120 rows', 'ERROR: duplicate key value violates unique constraint'],
  links: [
    { label: 'Log', url: 'https://tributary.example.com/w/acme/dags/orders_daily/runs/r1/tasks/load?try=3' },
    { label: 'Incident', url: 'https://tributary.example.com/w/acme/incidents/7' },
  ],
  mentionSlackUserId: null,
  items: [],
  dedupeKey: 'acme:orders_daily:load:r1:3',
  context: { workspace: 'acme', dag_id: 'orders_daily', task_id: 'load', run_id: 'r1', incident_id: '7' },
  ...overrides,
});

const textOf = (blocks: TSlackBlock[]) => JSON.stringify(blocks);
const sectionTexts = (blocks: TSlackBlock[]) => blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));

describe('renderSlackMessage', () => {
  it('sets text for notifications and renders title, fields, log tail and link buttons as blocks', () => {
    const rendered = renderSlackMessage(message());
    expect(rendered.text).toBe('orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.');
    expect(rendered.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '❌ orders_daily.load failed (try 3 of 3) — acme', emoji: true } });
    expect(rendered.blocks).toContainEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*DAG*\norders_daily' },
        { type: 'mrkdwn', text: '*Task*\nload' },
        { type: 'mrkdwn', text: '*Try*\n3 of 3' },
      ],
    });
    expect(sectionTexts(rendered.blocks)).toContain('*Log tail*\n```\nloading 120 rows\nERROR: duplicate key value violates unique constraint\n```');
    const actions = rendered.blocks.find((block) => block.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((button) => [button.text.text, button.url, button.action_id])).toEqual([
      ['Log', 'https://tributary.example.com/w/acme/dags/orders_daily/runs/r1/tasks/load?try=3', 'link_0'],
      ['Incident', 'https://tributary.example.com/w/acme/incidents/7', 'link_1'],
    ]);
  });

  it.each([
    ['failure', '#E01E5A', 'Failed'],
    ['recovery', '#2EB67D', 'Recovered'],
    ['retry', '#ECB22E', 'Failed, will retry'],
    ['test', '#1D9BD1', 'Test message'],
    ['deprecation', '#ECB22E', 'Deprecated'],
    ['review', '#1D9BD1', 'Review due'],
  ] as const)('colours a %s message %s', (kind, color, status) => {
    expect(renderSlackMessage(message({ kind })).attachments).toEqual([{ color, fallback: status, text: status }]);
  });

  it('mentions the owner only by a real Slack user id', () => {
    expect(sectionTexts(renderSlackMessage(message({ mentionSlackUserId: 'U0123ABC' })).blocks)).toContain('*Owner:* <@U0123ABC>');
    expect(textOf(renderSlackMessage(message({ mentionSlackUserId: '!channel' })).blocks)).not.toContain('<@');
  });

  it('escapes what came from the task, so a log line cannot ping a channel or close the code block', () => {
    const rendered = renderSlackMessage(message({ logTail: ['<!channel> look', 'a ``` b & c'], fields: [{ label: 'Owner', value: '<@U999> & co' }] }));
    const all = textOf(rendered.blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt; look');
    expect(all).toContain('&lt;@U999&gt; &amp; co');
    expect(sectionTexts(rendered.blocks).find((text) => text.startsWith('*Log tail*'))).toBe('*Log tail*\n```\n&lt;!channel&gt; look\na `\u200b`` b &amp; c\n```');
  });

  it("keeps the log's last lines within Slack's 3000 characters per section", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const tail = sectionTexts(renderSlackMessage(message({ logTail: lines })).blocks).find((text) => text.startsWith('*Log tail*'))!;
    expect(tail.length).toBeLessThanOrEqual(3000);
    expect(tail).toContain(`line 199 ${'x'.repeat(40)}\n\`\`\``);
    expect(tail).not.toContain('line 0 ');
    expect(tail).toMatch(/… \d+ earlier lines in the log/);
  });

  it('lists a digest within one section, saying how many more', () => {
    const items = Array.from({ length: 100 }, (_, i) => `orders_daily.load on 2026-11-${String((i % 28) + 1).padStart(2, '0')} failed ${'.'.repeat(40)}`);
    const list = sectionTexts(renderSlackMessage(message({ kind: 'digest', items })).blocks).find((text) => text.startsWith('•'))!;
    expect(list.length).toBeLessThanOrEqual(3000);
    expect(list).toMatch(/… and \d+ more$/);
  });

  it("stays within Slack's limits: header 150, ten fields a section, buttons only for http(s) links", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: 'v' }));
    const rendered = renderSlackMessage(message({ title: 'x'.repeat(400), fields, links: [{ label: 'bad', url: 'javascript:alert(1)' }] }));
    const header = rendered.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(150);
    expect(rendered.blocks.filter((block) => block.type === 'section' && block.fields).map((block) => (block.type === 'section' ? block.fields?.length : 0))).toEqual([10, 10, 3]);
    expect(rendered.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('falls back to the title when text is empty', () => {
    expect(renderSlackMessage(message({ text: '  ' })).text).toBe('❌ orders_daily.load failed (try 3 of 3) — acme');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes &, < and >', () => expect(escapeMrkdwn('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d'));
});
