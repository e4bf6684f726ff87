import { apiPath } from '../api-client';
import { ZAlertChannelListSchema, ZAlertChannelTestSchema, type TAlertChannelView } from '../api-schemas';
import { formatTable } from '../output';
import { connect, type TServerCommandOptions } from './connect';

const PAGE = 100;

/** `alerts channels list`: every channel of the workspace (all pages). */
export async function alertChannelsList(options: TServerCommandOptions): Promise<number> {
  const { api, out } = connect(options);
  const channels: TAlertChannelView[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.request('GET', apiPath`/alertChannels`, ZAlertChannelListSchema, { query: { limit: PAGE, offset } });
    channels.push(...page.alert_channels);
    if (page.alert_channels.length < PAGE || channels.length >= page.total_entries) break;
  }
  out.result({ alert_channels: channels, total_entries: channels.length }, () => {
    if (channels.length === 0) return out.say('No alert channels in this workspace yet: add one under Settings → Alerts or POST /api/v1/alertChannels.');
    const rows = channels.map((channel) => [
      channel.name,
      channel.type,
      pointsAt(channel.config),
      (channel.secrets_set ?? []).join(','),
      channel.is_default ? 'yes' : '',
      channel.is_paused ? 'paused' : 'active',
    ]);
    out.say(formatTable(['name', 'type', 'config', 'secrets_set', 'default', 'state'], rows));
  });
  return 0;
}

/** `alerts channels test <name>`: the server sends a test message; a failed send exits 1 with the reason. */
export async function alertChannelsTest(name: string, options: TServerCommandOptions): Promise<number> {
  const { api, out } = connect(options);
  const result = await api.request('POST', apiPath`/alertChannels/${name}/test`, ZAlertChannelTestSchema);
  out.result(result, () => {
    if (result.ok) out.say(`Sent a test alert through ${name} in ${result.response_ms ?? '?'} ms: ${result.detail ?? 'ok'}`);
    else out.warn(`The test alert through ${name} failed: ${result.error ?? 'no reason given'}`);
  });
  return result.ok ? 0 : 1;
}

/** The shown config in one cell: `channel=#data-alerts`, `to=a@x.com,b@x.com`. */
function pointsAt(config: Record<string, unknown>): string {
  return Object.entries(config)
    .map(([field, value]) => `${field}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}
