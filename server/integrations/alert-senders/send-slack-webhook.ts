import { renderSlackMessage } from '../../domain/alerts/render-slack';
import type { TSendAlertResult, TSenderInput } from './alert-sender-types';
import { postJson } from './post-json';

/** What Slack's incoming webhooks answer when they refuse: https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors */
const WEBHOOK_PROBLEMS: Record<string, string> = {
  invalid_token: 'Slack no longer knows this webhook URL: create a new incoming webhook and set it on the channel',
  no_service: 'the webhook URL was revoked or the Slack app removed: create a new incoming webhook and set it on the channel',
  no_team: 'the webhook URL was revoked or the Slack app removed: create a new incoming webhook and set it on the channel',
  channel_not_found: "the webhook's Slack channel was deleted: create a new incoming webhook and set it on the channel",
  channel_is_archived: "the webhook's Slack channel is archived: unarchive it or create a webhook for another channel",
  action_prohibited: "a Slack admin restricted posting to the webhook's channel",
  posting_to_general_channel_denied: "only admins may post to the workspace's #general channel: create a webhook for another channel",
  invalid_payload: 'Slack refused the message (invalid_payload)',
  no_text: 'Slack refused the message (no_text)',
};

function describe(status: number, body: string): string | null {
  const code = body.trim();
  const problem = WEBHOOK_PROBLEMS[code];
  return problem ? `${problem} (HTTP ${status} ${code})` : null;
}

/** A Slack incoming webhook: the same Slack message, but no thread and no edit (webhooks can do neither). */
export async function sendSlackWebhook(input: TSenderInput<'slack_webhook'>): Promise<TSendAlertResult> {
  const rendered = renderSlackMessage(input.message);
  const posted = await postJson({
    label: 'Slack webhook',
    policy: input.policy,
    url: input.channel.secret.url,
    body: JSON.stringify({ ...rendered, unfurl_links: false, unfurl_media: false }),
    signal: input.signal,
    describe,
  });
  const said = posted.body.trim().slice(0, 40);
  return { responseMs: posted.responseMs, thread: null, detail: `Slack webhook: HTTP ${posted.status}${said ? ` ${said}` : ''}` };
}
