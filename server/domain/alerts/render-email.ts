import type { TAlertMessage } from './alert-message';

/**
 * An alert as an email: the title as the subject, the message's plain text as the text part,
 * and an HTML part with the fields, the digest's items, the log tail in <pre> and the links.
 * Everything is escaped: the values and log lines come from tasks.
 */
export type TAlertEmail = { subject: string; text: string; html: string };

/** Subjects are one header line: a newline in a title must not start another header. */
const SUBJECT_MAX = 200;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CELL = 'padding:4px 12px 4px 0;vertical-align:top;text-align:left';

function fieldsTable(fields: TAlertMessage['fields']): string {
  if (fields.length === 0) return '';
  const rows = fields.map((field) => `<tr><th style="${CELL}">${escapeHtml(field.label)}</th><td style="${CELL}">${escapeHtml(field.value)}</td></tr>`);
  return `<table style="border-collapse:collapse;margin:12px 0">${rows.join('')}</table>`;
}

function itemsList(items: string[]): string {
  if (items.length === 0) return '';
  return `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

function logTail(lines: string[]): string {
  if (lines.length === 0) return '';
  const pre = 'background:#f6f8fa;padding:8px;overflow-x:auto;font-size:12px;white-space:pre-wrap';
  return `<p style="margin:12px 0 4px"><strong>Log tail</strong></p><pre style="${pre}">${escapeHtml(lines.join('\n'))}</pre>`;
}

/** Only http(s) links become anchors: a `javascript:` URL in a mail client is a trap. */
function linkList(links: TAlertMessage['links']): string {
  const anchors = links.map((link) =>
    /^https?:\/\//i.test(link.url) ? `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>` : `${escapeHtml(link.label)}: ${escapeHtml(link.url)}`,
  );
  return anchors.length === 0 ? '' : `<p>${anchors.join(' · ')}</p>`;
}

export function renderAlertEmail(message: TAlertMessage): TAlertEmail {
  const subject = message.title.replace(/[\r\n]+/g, ' ').trim().slice(0, SUBJECT_MAX);
  const body = [
    `<h2 style="font-size:18px;margin:0 0 8px">${escapeHtml(subject)}</h2>`,
    fieldsTable(message.fields),
    itemsList(message.items),
    logTail(message.logTail),
    linkList(message.links),
  ].join('');
  const html = `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1d1c1d">${body}</body></html>`;
  return { subject, text: message.text, html };
}
