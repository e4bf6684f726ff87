import type { SecretBox } from '../../auth/secret-box';
import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import {
  ALERT_CHANNEL_VIEW_SELECT,
  alertChannelNotFound,
  decryptSecret,
  encryptSecret,
  holdsSecretInClear,
  splitChannelConfig,
  toAlertChannelView,
  type TAlertChannelView,
} from './alert-channel-view';
import { checkChannelType } from './create-alert-channel';

/**
 * PATCH semantics: what is left out keeps its value. Within `config` too: a secret field left
 * out keeps the stored secret (forms never see it, so they cannot send it back). Changing the
 * type starts the config afresh: the new type's fields, secrets included, must all be given.
 */
export type TAlertChannelPatch = {
  type?: string;
  config?: Record<string, unknown>;
  isDefault?: boolean;
  isPaused?: boolean;
};

export async function updateAlertChannel(ctx: TServiceContext, box: SecretBox, name: string, patch: TAlertChannelPatch): Promise<TAlertChannelView> {
  requireRole(ctx, 'admin');
  return ctx.db.$transaction(async (tx) => {
    const where = { workspaceId_name: { workspaceId: ctx.workspaceId, name } };
    const current = await tx.alertChannel.findUnique({ where, select: { type: true, config: true, secretEncrypted: true } });
    if (!current) throw alertChannelNotFound(name);
    const data: Prisma.AlertChannelUpdateInput = { isDefault: patch.isDefault, isPaused: patch.isPaused };
    const type = patch.type === undefined ? checkChannelType(current.type) : checkChannelType(patch.type);
    if (type !== current.type) {
      if (patch.config === undefined) throw configNeeded(type);
      const { shown, secret } = splitChannelConfig(type, patch.config);
      Object.assign(data, { type, config: shown as Prisma.InputJsonObject, secretEncrypted: encryptSecret(box, secret) });
    } else if (patch.config !== undefined || holdsSecretInClear(type, current.config)) {
      // Also a save that changes no config re-stores a channel whose clear column still holds a
      // field that has since become secret (a webhook's url), encrypted.
      const stored = { ...(current.config as Record<string, unknown>), ...decryptSecret(box, current.secretEncrypted) };
      const { shown, secret } = splitChannelConfig(type, { ...stored, ...patch.config });
      Object.assign(data, { config: shown as Prisma.InputJsonObject, secretEncrypted: encryptSecret(box, secret) });
    }
    const updated = await tx.alertChannel.update({ where, data, select: ALERT_CHANNEL_VIEW_SELECT });
    await recordAudit(tx, ctx, { action: 'alert_channel.update', targetType: 'alert_channel', targetId: name, details: { fields: changedFields(patch) } });
    return toAlertChannelView(updated, box);
  });
}

/** Field names only (`config.token`, never its value): the values may be credentials. */
function changedFields(patch: TAlertChannelPatch): string[] {
  return [
    ...(patch.type === undefined ? [] : ['type']),
    ...Object.keys(patch.config ?? {}).map((field) => `config.${field}`),
    ...(patch.isDefault === undefined ? [] : ['is_default']),
    ...(patch.isPaused === undefined ? [] : ['is_paused']),
  ];
}

function configNeeded(type: string): AppError {
  const message = `changing the type to ${type} needs that type's config, secrets included`;
  return new AppError('invalid_input', `Invalid request: ${message}.`, [{ path: 'config', line: null, column: null, message }]);
}
