import type { TAlertKind, TAlertMessage } from './alert-message';

/**
 * An alert as a Slack message (Web API chat.postMessage / chat.update, and incoming webhooks):
 * `text` for notifications and screen readers, Block Kit blocks for the message itself, and
 * one attachment whose colour bar says the state (Block Kit has no colour; recovery turns it
 * green). Everything that came from a task (values, log lines, items) is escaped, so a log
 * line saying `<!channel>` cannot ping a whole channel. Limits are Slack's:
 * https://docs.slack.dev/reference/block-kit/blocks
 */
type TText = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
export type TSlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text?: TText; fields?: TText[] }
  | { type: 'context'; elements: TText[] }
  | { type: 'actions'; elements: { type: 'button'; text: { type: 'plain_text'; text: string }; url: string; action_id: string }[] };

export type TSlackAttachment = { color: string; fallback: string; text: string };
export type TSlackMessage = { text: string; blocks: TSlackBlock[]; attachments: TSlackAttachment[] };

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_PER_SECTION = 10;
/** Four sections of fields: a message has at most 50 blocks, and a reader no patience for more. */
const FIELDS_MAX = 40;
const BUTTON_TEXT_MAX = 75;
const URL_MAX = 3000;
const BUTTONS_MAX = 25;
/** Slack truncates longer `text`; a notification shows far less anyway. */
const TEXT_MAX = 4000;

const KIND_LOOK: Record<TAlertKind, { color: string; status: string }> = {
  failure: { color: '#E01E5A', status: 'Failed' },
  retry: { color: '#ECB22E', status: 'Failed, will retry' },
  sla: { color: '#ECB22E', status: 'Missed its SLA' },
  freshness: { color: '#ECB22E', status: 'Overdue' },
  deprecation: { color: '#ECB22E', status: 'Deprecated' },
  review: { color: '#1D9BD1', status: 'Review due' },
  digest: { color: '#E01E5A', status: 'Several failures' },
  recovery: { color: '#2EB67D', status: 'Recovered' },
  success: { color: '#2EB67D', status: 'Succeeded' },
  test: { color: '#1D9BD1', status: 'Test message' },
};

/** Slack's three control characters in mrkdwn: https://docs.slack.dev/messaging/formatting-message-text#escaping */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

/** The last lines that fit one section, escaped, in a code block whose fence no line can close. */
function logTailBlock(lines: string[]): TSlackBlock | null {
  if (lines.length === 0) return null;
  const heading = '*Log tail*\n';
  const escaped = lines.map((line) => escapeMrkdwn(line).replace(/```/g, '`\u200b``'));
  const room = SECTION_MAX - heading.length - '```\n\n```'.length - 40;
  const kept: string[] = [];
  let size = 0;
  for (let i = escaped.length - 1; i >= 0; i--) {
    const line = escaped[i]!;
    if (size + line.length + 1 > room) break;
    kept.unshift(line);
    size += line.length + 1;
  }
  const dropped = escaped.length - kept.length;
  const note = dropped > 0 ? `… ${dropped} earlier line${dropped === 1 ? '' : 's'} in the log\n` : '';
  // An empty code block is refused by Slack: a lone over-long line still shows its end.
  const body = kept.length > 0 ? kept.join('\n') : truncate(escaped[escaped.length - 1]!.slice(-room), room);
  return { type: 'section', text: { type: 'mrkdwn', text: `${heading}\`\`\`\n${note}${body}\n\`\`\`` } };
}

function fieldBlocks(fields: TAlertMessage['fields']): TSlackBlock[] {
  const texts: TText[] = fields.slice(0, FIELDS_MAX).map((field) => ({
    type: 'mrkdwn',
    text: truncate(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, FIELD_MAX),
  }));
  const blocks: TSlackBlock[] = [];
  for (let i = 0; i < texts.length; i += FIELDS_PER_SECTION) blocks.push({ type: 'section', fields: texts.slice(i, i + FIELDS_PER_SECTION) });
  return blocks;
}

function itemsBlock(items: string[]): TSlackBlock | null {
  if (items.length === 0) return null;
  const lines: string[] = [];
  let size = 0;
  for (const item of items) {
    const line = `• ${escapeMrkdwn(item)}`;
    if (size + line.length + 1 > SECTION_MAX - 40) break;
    lines.push(line);
    size += line.length + 1;
  }
  const more = items.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  return { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } };
}

function linkButtons(links: TAlertMessage['links']): TSlackBlock | null {
  const usable = links.filter((link) => isHttpUrl(link.url) && link.url.length <= URL_MAX).slice(0, BUTTONS_MAX);
  if (usable.length === 0) return null;
  return {
    type: 'actions',
    elements: usable.map((link, index) => ({
      type: 'button',
      text: { type: 'plain_text', text: truncate(link.label, BUTTON_TEXT_MAX) },
      url: link.url,
      action_id: `link_${index}`,
    })),
  };
}

/** `<@U0123ABC>` only for a real user id: anything else could smuggle `<!channel>` in. */
function mentionBlock(userId: string | null): TSlackBlock | null {
  if (userId === null || !/^[UW][A-Z0-9]{2,}$/.test(userId)) return null;
  return { type: 'section', text: { type: 'mrkdwn', text: `*Owner:* <@${userId}>` } };
}

export function renderSlackMessage(message: TAlertMessage): TSlackMessage {
  const look = KIND_LOOK[message.kind];
  const title = message.title.replace(/\s+/g, ' ').trim() || look.status;
  const blocks: TSlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX), emoji: true } }];
  const mention = mentionBlock(message.mentionSlackUserId);
  if (mention) blocks.push(mention);
  blocks.push(...fieldBlocks(message.fields));
  for (const block of [itemsBlock(message.items), logTailBlock(message.logTail), linkButtons(message.links)]) if (block) blocks.push(block);
  return {
    text: truncate(message.text.trim() === '' ? title : message.text, TEXT_MAX),
    blocks,
    attachments: [{ color: look.color, fallback: look.status, text: look.status }],
  };
}
