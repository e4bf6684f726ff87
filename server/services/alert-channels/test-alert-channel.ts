import type { SecretBox } from '../../auth/secret-box';
import type { TResolvedAlertChannel } from '../../domain/alerts/alert-channel';
import type { TAlertMessage } from '../../domain/alerts/alert-message';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { env } from '../../env';
import { sendAlert } from '../../integrations/alert-senders/send-alert';
import { egressPolicyFromEnv } from '../../integrations/egress';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { alertChannelNotFound } from './alert-channel-view';
import { resolvedChannel } from './resolve-alert-channel';

export type TAlertChannelTestResult = { ok: true; detail: string; responseMs: number } | { ok: false; error: string };

export type TAlertChannelTestOptions = {
  /** The product's public address for the link in the message; TRIBUTARY_PUBLIC_URL by default. */
  publicUrl?: string | null;
  policy?: TEgressPolicy;
  now?: Date;
};

/**
 * "Send test": a real message through the channel, reporting what happened in words (sent,
 * refused by the egress rules, Slack's invalid_auth, HTTP 500...). A failure is an answer,
 * not an error. Editors may test (it changes nothing, and the secret never leaves the server).
 */
export async function testAlertChannel(ctx: TServiceContext, box: SecretBox, name: string, options: TAlertChannelTestOptions = {}): Promise<TAlertChannelTestResult> {
  requireRole(ctx, 'editor');
  const row = await ctx.db.alertChannel.findUnique({
    where: { workspaceId_name: { workspaceId: ctx.workspaceId, name } },
    select: { id: true, name: true, type: true, config: true, secretEncrypted: true, workspace: { select: { slug: true, name: true } } },
  });
  if (!row) throw alertChannelNotFound(name);
  const channel = resolvedChannel(row, box);
  const publicUrl = options.publicUrl === undefined ? (env().TRIBUTARY_PUBLIC_URL ?? null) : options.publicUrl;
  const message = testAlertMessage({ channel, workspace: row.workspace, sender: ctx.actor.label, slackUserId: await senderSlackId(ctx), publicUrl, now: options.now ?? new Date() });
  const result = await send(channel, message, options.policy ?? egressPolicyFromEnv());
  await recordAudit(ctx.db, ctx, { action: 'alert_channel.test', targetType: 'alert_channel', targetId: name, details: result.ok ? { ok: true } : { ok: false, error: result.error } });
  return result;
}

async function send(channel: TResolvedAlertChannel, message: TAlertMessage, policy: TEgressPolicy): Promise<TAlertChannelTestResult> {
  try {
    const sent = await sendAlert({ channel, message, thread: null, replace: null, policy });
    return { ok: true, detail: sent.detail, responseMs: sent.responseMs };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** The sender's own Slack id, so a Slack test also shows whether their mention works. */
async function senderSlackId(ctx: TServiceContext): Promise<string | null> {
  if (ctx.actor.type !== 'user') return null;
  const member = await ctx.db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: ctx.workspaceId, userId: ctx.actor.id } },
    select: { slackUserId: true },
  });
  return member?.slackUserId ?? null;
}

type TTestMessageInput = {
  channel: TResolvedAlertChannel;
  workspace: { slug: string; name: string };
  sender: string;
  slackUserId: string | null;
  publicUrl: string | null;
  now: Date;
};

export function testAlertMessage(input: TTestMessageInput): TAlertMessage {
  const { channel, workspace, sender, publicUrl, now } = input;
  const title = `Test alert from Tributary — ${workspace.name}`;
  const settingsUrl = publicUrl === null ? null : new URL(`/w/${encodeURIComponent(workspace.slug)}/settings/alerts`, publicUrl).toString();
  const lines = [
    title,
    `Sent by ${sender} with "Send test" on alert channel ${channel.name} (${channel.type}). Alerts for failing tasks will arrive here.`,
    ...(settingsUrl === null ? [] : [`Channel settings: ${settingsUrl}`]),
  ];
  return {
    kind: 'test',
    title,
    text: lines.join('\n'),
    fields: [
      { label: 'Workspace', value: workspace.name },
      { label: 'Channel', value: `${channel.name} (${channel.type})` },
      { label: 'Sent by', value: sender },
      { label: 'Sent at', value: now.toISOString() },
    ],
    logTail: [],
    links: settingsUrl === null ? [] : [{ label: 'Alert channel settings', url: settingsUrl }],
    mentionSlackUserId: input.slackUserId,
    items: [],
    // Unique per test: PagerDuty and webhook receivers must not fold two tests into one.
    dedupeKey: `test:${workspace.slug}:${channel.name}:${now.getTime()}`,
    context: { workspace: workspace.slug, dag_id: null, task_id: null, run_id: null, incident_id: null },
  };
}

/** The error's message and its cause's (fetch hides ECONNREFUSED in the cause). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
  return `${error.message || error.name}${cause}`;
}
