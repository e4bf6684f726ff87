import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { ALERT_CHANNEL_TYPES } from '../../domain/alerts/alert-channel';
import { ALERT_DELIVERY_STATES } from '../../domain/alerts/alert-delivery-states';
import { env, requireSecretKey } from '../../env';
import type { TAlertChannelView } from '../../services/alert-channels/alert-channel-view';
import { createAlertChannel } from '../../services/alert-channels/create-alert-channel';
import { deleteAlertChannel } from '../../services/alert-channels/delete-alert-channel';
import { listAlertDeliveries } from '../../services/alert-channels/list-alert-deliveries';
import { listAlertChannels } from '../../services/alert-channels/list-alert-channels';
import { testAlertChannel } from '../../services/alert-channels/test-alert-channel';
import { updateAlertChannel } from '../../services/alert-channels/update-alert-channel';
import { listSlackUserIds, setSlackUserId } from '../../services/members/set-slack-user-id';
import { getPostmortemThreshold, setPostmortemThreshold } from '../../services/workspaces/postmortem-threshold';
import { roleProcedure, router, workspaceProcedure } from '../init';

// Names and configs are checked by the services, whose problems name `name` and `config.<field>`.
const ZNameSchema = z.string().max(100);
const ZConfigSchema = z.record(z.string(), z.unknown());

function secretBox(): SecretBox {
  return new SecretBox(requireSecretKey());
}

/** Dates cross the wire as ISO text: the client has no transformer that would revive them. */
function channelItem(channel: TAlertChannelView) {
  return { ...channel, createdAt: channel.createdAt.toISOString(), updatedAt: channel.updatedAt.toISOString() };
}

/** The settings page's Alerts tab: channels, their deliveries, the post-mortem threshold, members' Slack ids. */
export const alertChannelsRouter = router({
  list: workspaceProcedure.query(async ({ ctx }) => {
    const { channels, totalEntries } = await listAlertChannels(ctx.service, secretBox());
    return { channels: channels.map(channelItem), total: totalEntries };
  }),
  create: roleProcedure('admin')
    .input(z.object({ name: ZNameSchema, type: z.enum(ALERT_CHANNEL_TYPES), config: ZConfigSchema, isDefault: z.boolean().optional(), isPaused: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => channelItem(await createAlertChannel(ctx.service, secretBox(), input))),
  update: roleProcedure('admin')
    .input(z.object({ name: ZNameSchema, type: z.enum(ALERT_CHANNEL_TYPES).optional(), config: ZConfigSchema.optional(), isDefault: z.boolean().optional(), isPaused: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const { name, ...patch } = input;
      return channelItem(await updateAlertChannel(ctx.service, secretBox(), name, patch));
    }),
  delete: roleProcedure('admin').input(z.object({ name: ZNameSchema })).mutation(async ({ ctx, input }) => {
    await deleteAlertChannel(ctx.service, input.name);
    return { name: input.name };
  }),
  test: roleProcedure('editor').input(z.object({ name: ZNameSchema })).mutation(({ ctx, input }) =>
    // The configured public address wins over the request's: behind a proxy they differ.
    testAlertChannel(ctx.service, secretBox(), input.name, { publicUrl: env().TRIBUTARY_PUBLIC_URL ?? ctx.origin ?? null }),
  ),
  deliveries: workspaceProcedure
    .input(z.object({
      dagId: z.string().min(1).max(250).optional(),
      state: z.enum(ALERT_DELIVERY_STATES).optional(),
      channel: z.string().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }))
    .query(async ({ ctx, input }) => {
      const { deliveries, totalEntries } = await listAlertDeliveries(ctx.service, input);
      return {
        deliveries: deliveries.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), sentAt: row.sentAt?.toISOString() ?? null })),
        total: totalEntries,
      };
    }),
  postmortemThreshold: workspaceProcedure.query(({ ctx }) => getPostmortemThreshold(ctx.service)),
  setPostmortemThreshold: roleProcedure('admin')
    .input(z.object({ postmortemAfterMinutes: z.number().int('postmortemAfterMinutes must be a whole number of minutes') }))
    .mutation(({ ctx, input }) => setPostmortemThreshold(ctx.service, input.postmortemAfterMinutes)),
  slackUserIds: workspaceProcedure.query(({ ctx }) => listSlackUserIds(ctx.service)),
  /** Any member for themselves, an admin for anyone: the service decides. */
  setSlackUserId: workspaceProcedure
    .input(z.object({ userId: z.uuid(), slackUserId: z.string().max(50).nullable() }))
    .mutation(({ ctx, input }) => setSlackUserId(ctx.service, input)),
});
