import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { ALERT_DELIVERY_STATES } from '../../domain/alerts/alert-delivery-states';
import { requireSecretKey } from '../../env';
import type { TAlertChannelView } from '../../services/alert-channels/alert-channel-view';
import { createAlertChannel } from '../../services/alert-channels/create-alert-channel';
import { deleteAlertChannel } from '../../services/alert-channels/delete-alert-channel';
import { getAlertChannel } from '../../services/alert-channels/get-alert-channel';
import { listAlertDeliveries, type TAlertDeliveryView } from '../../services/alert-channels/list-alert-deliveries';
import { listAlertChannels } from '../../services/alert-channels/list-alert-channels';
import { testAlertChannel, type TAlertChannelTestResult } from '../../services/alert-channels/test-alert-channel';
import { updateAlertChannel } from '../../services/alert-channels/update-alert-channel';
import { iso, json, jsonBody, queryParams, RestInputError, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';

// `name` and `type` are checked by the services too; their problems name the field the same way.
const ZConfigSchema = z.record(z.string(), z.unknown(), { error: 'config must be a JSON object of the type\'s fields (Slack: {"token", "channel"})' });
const ZFlagSchema = (field: string) => z.boolean({ error: `${field} must be true or false` }).optional();

const ZCreateSchema = z.strictObject({
  name: z.string({ error: 'name is required' }),
  type: z.string({ error: 'type is required: slack, slack_webhook, email, webhook or pagerduty' }),
  config: ZConfigSchema,
  is_default: ZFlagSchema('is_default'),
  is_paused: ZFlagSchema('is_paused'),
});

const ZPatchSchema = z.strictObject({
  name: z.string().optional(),
  type: z.string().optional(),
  config: ZConfigSchema.optional(),
  is_default: ZFlagSchema('is_default'),
  is_paused: ZFlagSchema('is_paused'),
});

const ZDeliveryQuerySchema = ZPaginationSchema.extend({
  dag_id: z.string().min(1).optional(),
  state: z.enum(ALERT_DELIVERY_STATES, { error: `state must be one of ${ALERT_DELIVERY_STATES.join(', ')}` }).optional(),
  channel: z.string().min(1).optional(),
});

function secretBox(): SecretBox {
  return new SecretBox(requireSecretKey());
}

/** A channel in the API: its shown config only; `secrets_set` names the write-only fields that hold a value. */
function channelJson(channel: TAlertChannelView) {
  return {
    name: channel.name,
    type: channel.type,
    config: channel.config,
    secrets_set: channel.secretsSet,
    is_default: channel.isDefault,
    is_paused: channel.isPaused,
    created_at: iso(channel.createdAt),
    updated_at: iso(channel.updatedAt),
  };
}

function testJson(result: TAlertChannelTestResult) {
  return result.ok ? { ok: true, detail: result.detail, response_ms: result.responseMs } : { ok: false, error: result.error };
}

function deliveryJson(delivery: TAlertDeliveryView) {
  return {
    id: delivery.id,
    channel: delivery.channel,
    channel_type: delivery.channelType,
    target: delivery.target,
    kind: delivery.kind,
    state: delivery.state,
    attempts: delivery.attempts,
    last_error: delivery.lastError,
    response_ms: delivery.responseMs,
    created_at: iso(delivery.createdAt),
    sent_at: iso(delivery.sentAt),
    dag_id: delivery.dagId,
    dag_run_id: delivery.runId,
    task_id: delivery.taskId,
    try_number: delivery.tryNumber,
    incident_id: delivery.incidentId,
  };
}

export const alertChannelsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/alertChannels',
    auth: 'token',
    async handler({ ctx, url }) {
      const page = queryParams(url, ZPaginationSchema);
      const { channels, totalEntries } = await listAlertChannels(ctx, secretBox(), page);
      return json({ alert_channels: channels.map(channelJson), total_entries: totalEntries });
    },
  },
  {
    method: 'POST',
    path: '/alertChannels',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZCreateSchema);
      const channel = await createAlertChannel(ctx, secretBox(), { name: body.name, type: body.type, config: body.config, isDefault: body.is_default, isPaused: body.is_paused });
      return json(channelJson(channel), 201);
    },
  },
  {
    method: 'GET',
    path: '/alertChannels/:name',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(channelJson(await getAlertChannel(ctx, secretBox(), params.name!)));
    },
  },
  {
    method: 'PATCH',
    path: '/alertChannels/:name',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZPatchSchema);
      const name = params.name!;
      if (body.name !== undefined && body.name !== name) {
        const message = `name in the body ('${body.name}') differs from the one in the URL ('${name}'); channels cannot be renamed`;
        throw new RestInputError(`Invalid request body: ${message}.`, [{ path: 'name', line: null, column: null, message }]);
      }
      const patch = { type: body.type, config: body.config, isDefault: body.is_default, isPaused: body.is_paused };
      return json(channelJson(await updateAlertChannel(ctx, secretBox(), name, patch)));
    },
  },
  {
    method: 'DELETE',
    path: '/alertChannels/:name',
    auth: 'token',
    async handler({ ctx, params }) {
      await deleteAlertChannel(ctx, params.name!);
      return new Response(null, { status: 204 });
    },
  },
  {
    method: 'POST',
    path: '/alertChannels/:name/test',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(testJson(await testAlertChannel(ctx, secretBox(), params.name!)));
    },
  },
  {
    method: 'GET',
    path: '/alertDeliveries',
    auth: 'token',
    async handler({ ctx, url }) {
      const query = queryParams(url, ZDeliveryQuerySchema);
      const filter = { dagId: query.dag_id, state: query.state, channel: query.channel, limit: query.limit, offset: query.offset };
      const { deliveries, totalEntries } = await listAlertDeliveries(ctx, filter);
      return json({ alert_deliveries: deliveries.map(deliveryJson), total_entries: totalEntries });
    },
  },
]);
