import { EgressRefusedError } from '../integrations/egress';
import { egressFetch } from '../integrations/egress-fetch';
import { TaskFailure, type TTaskType } from './task-type';

/**
 * Sends `message` to `channel`. A channel names a workspace connection: `slack_webhook` (its
 * host or password holds the incoming-webhook URL) or `http` (any JSON webhook: the message is
 * POSTed as {"text": ...}). Written `slack:<conn_id>` or just `<conn_id>`.
 */
export const notifyTask: TTaskType<'notify'> = {
  type: 'notify',
  async run(ctx) {
    const connId = ctx.config.channel.replace(/^(slack|webhook):/, '');
    if (ctx.config.channel.startsWith('email:')) {
      throw new TaskFailure(
        `The notify task sends through a slack_webhook or http connection, not to '${ctx.config.channel}'. To mail people when a task fails, list them in the task's or default_args' email (or an email alert channel in its on_failure).`,
      );
    }
    const connection = await ctx.getConnection(connId);
    if (connection.connType !== 'slack_webhook' && connection.connType !== 'http') {
      throw new TaskFailure(`Connection '${connId}' is of type '${connection.connType}'; notify needs a slack_webhook or http connection.`);
    }
    const url = [connection.password, connection.host].find((value) => value && /^https?:\/\//.test(value));
    if (!url) throw new TaskFailure(`Connection '${connId}' has no webhook URL (set its host or password to the URL).`);
    ctx.log.system(`Sending a notification through connection '${connId}'`);
    const response = await egressFetch(ctx.egress, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: ctx.config.message }),
      signal: ctx.signal,
    }).catch((error: unknown) => {
      // The webhook URL is a secret (Slack's carries its token): the refusal names the address only.
      if (error instanceof EgressRefusedError) throw new TaskFailure(`Connection '${connId}': ${error.message}`);
      throw error;
    });
    if (!response.ok) throw new TaskFailure(`The webhook answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    ctx.log.system(`Delivered (HTTP ${response.status})`);
    return { output: { channel: ctx.config.channel, delivered: true } };
  },
};
