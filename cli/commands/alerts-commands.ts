import { Command } from 'commander';
import { action, withServer } from './command-kit';

/** `tributary alerts channels list|test`: the workspace's alert channels on the server. */
export function alertsCommands(): Command {
  const alerts = new Command('alerts').description('alert channels on the server');
  const channels = alerts.command('channels').description("the workspace's alert channels (Slack, email, webhooks, PagerDuty)");

  withServer(channels.command('list').description('list the alert channels: type, where they point, default and paused'))
    .action(action(async (options) => (await import('../server/alerts-channels')).alertChannelsList(options)));

  withServer(channels.command('test <name>').description('send a test alert through a channel and report the real result (exit 1 when it failed)'))
    .action(action(async (name: string, options) => (await import('../server/alerts-channels')).alertChannelsTest(name, options)));
  return alerts;
}
