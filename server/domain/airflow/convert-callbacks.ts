import type { TPyValue } from './airflow-description';
import { isString, isStringOrList, isUnmapped, literal, sourceText } from './airflow-values';
import { report, type TImportContext } from './import-context';

export const ALERT_ADVICE = 'alerts go to channels in Tributary: add on_failure / on_retry with a channel name';

/** The callbacks whose notifiers have a rule in the spec; on_execute/on_skipped callbacks and sla_miss_callback have none. */
const CALLBACK_RULES: Record<string, 'on_failure' | 'on_retry' | 'on_success'> = {
  on_failure_callback: 'on_failure',
  on_retry_callback: 'on_retry',
  on_success_callback: 'on_success',
};

/**
 * Airflow 2.6+ notifiers by class and by their `send_*` alias (the provider defines
 * `send_slack_notification = SlackNotifier`), with the argument that names where they send and
 * its default in the provider.
 */
const SLACK = /(^|\.)(SlackNotifier|send_slack_notification)$/;
const SLACK_WEBHOOK = /(^|\.)(SlackWebhookNotifier|send_slack_webhook_notification)$/;
const SMTP = /(^|\.)(SmtpNotifier|send_smtp_notification)$/;

const CHANNEL_MUST_EXIST = 'it must exist in the workspace (Settings → Alerts): a deploy does not check channel names, and an alert to a name no channel has is recorded as a failed delivery';

type TNotifierTarget = { field: 'channel' | 'email'; name: string[]; from: string } | { problem: string };

/** A spec channel name: lower case, the characters a channel name allows, `#` of a Slack channel dropped. */
export function channelName(raw: string): string {
  const name = raw.trim().replace(/^[#@]/, '').toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '');
  return name === '' || name === 'default' ? `airflow-${name || 'channel'}` : name.slice(0, 100);
}

function literalArg(call: Extract<TPyValue, { call: string }>, name: string, fallback: string): { value: string } | { problem: string } {
  const arg = call.kwargs[name];
  if (arg === undefined) return { value: fallback };
  const value = literal(arg);
  return !isUnmapped(value) && isString(value.value) ? { value: value.value } : { problem: `${name}=${sourceText(arg)} is not a literal string` };
}

/** Where one notifier sends, as a spec target; `rule` decides whether an SMTP notifier can be the task's `email`. */
function notifierTarget(value: TPyValue, rule: string): TNotifierTarget | null {
  if (!('call' in value)) return null;
  if (SLACK.test(value.call)) {
    const channel = value.kwargs.channel ? literalArg(value, 'channel', '') : literalArg(value, 'slack_conn_id', 'slack_api_default');
    if ('problem' in channel) return channel;
    return { field: 'channel', name: [channelName(channel.value)], from: `${value.call} ${value.kwargs.channel ? 'channel' : 'slack_conn_id'}=${JSON.stringify(channel.value)}` };
  }
  if (SLACK_WEBHOOK.test(value.call)) {
    const conn = literalArg(value, 'slack_webhook_conn_id', 'slack_default');
    return 'problem' in conn ? conn : { field: 'channel', name: [channelName(conn.value)], from: `${value.call} slack_webhook_conn_id=${JSON.stringify(conn.value)}` };
  }
  if (SMTP.test(value.call)) {
    const to = value.kwargs.to ?? value.args[1];
    const addresses = to ? literal(to) : null;
    if (addresses === null || isUnmapped(addresses) || !isStringOrList(addresses.value)) return { problem: `to=${to ? sourceText(to) : '(missing)'} is not a literal address or list of them` };
    const list = typeof addresses.value === 'string' ? addresses.value.split(/[,;]\s*/) : addresses.value;
    // A failure mails `email` as Airflow's email_on_failure does, through the server's SMTP: no channel needed.
    if (rule === 'on_failure') return { field: 'email', name: list, from: `${value.call} to=${JSON.stringify(addresses.value)}` };
    return { field: 'channel', name: list.map((address) => channelName(address.replace('@', '-at-'))), from: `${value.call} to=${JSON.stringify(addresses.value)}` };
  }
  return null;
}

const merge = (target: Record<string, unknown>, field: string, names: string[]) => {
  const before = Array.isArray(target[field]) ? (target[field] as string[]) : typeof target[field] === 'string' ? [target[field] as string] : [];
  target[field] = [...new Set([...before, ...names])];
};

/**
 * An `on_*_callback` (in default_args or on a task): each notifier in it becomes a channel in
 * the matching rule (or, for an SMTP notifier on failure, the task's `email`), each reported
 * with the channel name the spec now refers to. A plain function stays not converted.
 */
export function convertCallback(ctx: TImportContext, target: Record<string, unknown>, name: string, value: TPyValue, subject: string, line: number): void {
  const rule = CALLBACK_RULES[name];
  const items = 'list' in value ? value.list : [value];
  for (const item of items) {
    const at = 'line' in item ? item.line : line;
    const found = rule ? notifierTarget(item, rule) : null;
    if (found === null) {
      report(ctx, { line: at, status: 'not_converted', subject: `${subject}: ${name}`, message: `${sourceText(item)}: ${ALERT_ADVICE}` });
    } else if ('problem' in found) {
      report(ctx, { line: at, status: 'not_converted', subject: `${subject}: ${name}`, message: `${found.problem}: the channel cannot be named; ${ALERT_ADVICE}` });
    } else if (found.field === 'email') {
      merge(target, 'email', found.name);
      report(ctx, { line: at, status: 'converted', subject: `${subject}: ${name}`, message: `${found.from} → email: ${found.name.join(', ')} (mailed when the task fails with no tries left, through the server's SMTP settings)` });
    } else {
      merge(target, rule!, found.name);
      const names = found.name.map((n) => `'${n}'`).join(', ');
      report(ctx, { line: at, status: 'converted', subject: `${subject}: ${name}`, message: `${found.from} → ${rule}: [${found.name.join(', ')}]; the spec refers to the alert channel ${names}: ${CHANNEL_MUST_EXIST}` });
    }
  }
}
