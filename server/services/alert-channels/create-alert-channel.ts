import type { SecretBox } from '../../auth/secret-box';
import { Prisma } from '../../db/client';
import { isAlertChannelType, ZAlertChannelNameSchema, type TAlertChannelType } from '../../domain/alerts/alert-channel';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { MASK } from '../connections/mask-secrets';
import { requireRole, type TServiceContext } from '../context';
import { ALERT_CHANNEL_VIEW_SELECT, encryptSecret, splitChannelConfig, toAlertChannelView, type TAlertChannelView } from './alert-channel-view';

/** `config` holds the shown and the secret fields together, as the API takes them. */
export type TAlertChannelInput = {
  name: string;
  type: string;
  config: Record<string, unknown>;
  isDefault?: boolean;
  isPaused?: boolean;
};

/**
 * Adds a channel. Admin only, like connections: a channel holds credentials (a bot token, a
 * routing key) and makes the server send to a place of the caller's choosing.
 */
export async function createAlertChannel(ctx: TServiceContext, box: SecretBox, input: TAlertChannelInput): Promise<TAlertChannelView> {
  requireRole(ctx, 'admin');
  const name = checkChannelName(input.name);
  const type = checkChannelType(input.type);
  const { shown, secret } = splitChannelConfig(type, input.config);
  const data = {
    workspaceId: ctx.workspaceId,
    name,
    type,
    config: shown as Prisma.InputJsonObject,
    secretEncrypted: encryptSecret(box, secret),
    isDefault: input.isDefault ?? false,
    isPaused: input.isPaused ?? false,
  };
  return ctx.db.$transaction(async (tx) => {
    // The unique index decides a race between two creates: the loser gets the same 409.
    const row = await tx.alertChannel.create({ data, select: ALERT_CHANNEL_VIEW_SELECT }).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw duplicate(name);
      throw error;
    });
    await recordAudit(tx, ctx, {
      action: 'alert_channel.create',
      targetType: 'alert_channel',
      targetId: name,
      details: { type, config: maskedConfig(shown, secret), is_default: data.isDefault, is_paused: data.isPaused },
    });
    return toAlertChannelView(row, box);
  });
}

/** The config as the audit log keeps it: shown fields as they are, secret ones as `***`. */
export function maskedConfig(shown: Record<string, unknown>, secret: Record<string, unknown>): Prisma.InputJsonObject {
  return { ...(shown as Prisma.InputJsonObject), ...Object.fromEntries(Object.keys(secret).map((field) => [field, MASK])) };
}

export function checkChannelName(name: string): string {
  const parsed = ZAlertChannelNameSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'name is invalid';
  throw new AppError('invalid_input', message, [{ path: 'name', line: null, column: null, message }]);
}

export function checkChannelType(type: string): TAlertChannelType {
  if (isAlertChannelType(type)) return type;
  const message = `type must be one of slack, slack_webhook, email, webhook, pagerduty (not '${type}')`;
  throw new AppError('invalid_input', message, [{ path: 'type', line: null, column: null, message }]);
}

function duplicate(name: string) {
  return new AppError('conflict', `An alert channel '${name}' already exists in this workspace.`);
}
