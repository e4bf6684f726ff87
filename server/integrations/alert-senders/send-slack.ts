import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { TThreadRef } from '../../domain/alerts/alert-message';
import { renderSlackMessage, type TSlackMessage } from '../../domain/alerts/render-slack';
import { AlertSendError } from './alert-send-error';
import type { TSendAlertResult, TSenderInput } from './alert-sender-types';
import { slackClient } from './slack-client';
import { EDIT_GONE_CODES, slackErrorCode, slackFailure } from './slack-errors';

/** What chat.postMessage answers: the channel's id (also when we named it #name) and the message's ts. */
const ZPostedSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

async function post(client: WebClient, channel: string, rendered: TSlackMessage, threadTs: string | null, label: string): Promise<TThreadRef> {
  let answer: unknown;
  try {
    answer = await client.apiCall('chat.postMessage', {
      channel,
      ...rendered,
      ...(threadTs === null ? {} : { thread_ts: threadTs }),
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    throw slackFailure(error, label);
  }
  const posted = ZPostedSchema.safeParse(answer);
  if (!posted.success) throw new AlertSendError('Slack: chat.postMessage answered ok without the channel and ts of the message', { retryable: false, status: 200 });
  return posted.data;
}

/**
 * Recovery: turns the incident's first message green in place (chat.update), then replies in its
 * thread, so the channel's history shows at a glance that it ended. A first message Slack can no
 * longer edit (deleted, too old) does not stop the reply; the detail says so.
 */
async function replaceAndReply(client: WebClient, replace: TThreadRef, rendered: TSlackMessage): Promise<{ reply: TThreadRef; note: string }> {
  let note = '';
  try {
    await client.apiCall('chat.update', { channel: replace.channel, ts: replace.ts, ...rendered });
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === null || !EDIT_GONE_CODES.has(code)) throw slackFailure(error, replace.channel);
    note = ` (could not edit it: ${code})`;
  }
  const reply = await post(client, replace.channel, rendered, replace.ts, replace.channel);
  return { reply, note };
}

/**
 * Slack through the Web API with a bot token: chat.postMessage (under `thread` when given), or
 * for a recovery with `replace`, chat.update of the first message and a reply in its thread.
 */
export async function sendSlack(input: TSenderInput<'slack'>): Promise<TSendAlertResult> {
  const client = slackClient(input.channel.secret.token, input.policy, input.signal);
  const rendered = renderSlackMessage(input.message);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (input.replace !== null) {
    const { reply, note } = await replaceAndReply(client, input.replace, rendered);
    const detail = `Slack: updated ${input.replace.channel} (ts ${input.replace.ts})${note} and replied in its thread (ts ${reply.ts})`;
    return { responseMs: elapsed(), thread: reply, detail };
  }
  const channel = input.thread?.channel ?? input.channel.shown.channel;
  const posted = await post(client, channel, rendered, input.thread?.ts ?? null, input.channel.shown.channel);
  const where = input.thread === null ? '' : ` in the thread of ${input.thread.ts}`;
  return { responseMs: elapsed(), thread: posted, detail: `Slack: posted to ${posted.channel} (ts ${posted.ts})${where}` };
}
