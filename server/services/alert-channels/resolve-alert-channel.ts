import { SecretBox } from '../../auth/secret-box';
import type { PrismaClient } from '../../db/client';
import type { TResolvedAlertChannel } from '../../domain/alerts/alert-channel';
import { requireSecretKey } from '../../env';
import { AppError } from '../app-error';
import { decryptSecret, storedChannelConfig } from './alert-channel-view';
import { checkChannelType } from './create-alert-channel';

type TChannelReader = Pick<PrismaClient, 'alertChannel'>;

/**
 * A channel as a sender needs it, its secret decrypted: for the delivery job and the test.
 * Scoped by workspace, so a channel id from another workspace resolves to nothing. The box
 * defaults to TRIBUTARY_SECRET_KEY's, which every process that sends alerts has.
 */
export async function resolveAlertChannel(
  db: TChannelReader,
  workspaceId: string,
  channelId: string,
  box: SecretBox = new SecretBox(requireSecretKey()),
): Promise<TResolvedAlertChannel> {
  const row = await db.alertChannel.findFirst({
    where: { id: channelId, workspaceId },
    select: { id: true, name: true, type: true, config: true, secretEncrypted: true },
  });
  if (!row) throw new AppError('not_found', `Alert channel ${channelId} does not exist in this workspace.`);
  return resolvedChannel(row, box);
}

export function resolvedChannel(row: { id: string; name: string; type: string; config: unknown; secretEncrypted: string | null }, box: SecretBox): TResolvedAlertChannel {
  // The stored parts were checked by the type's schemas when written; the union is rebuilt here.
  const type = checkChannelType(row.type);
  const { shown, secret } = storedChannelConfig(type, row.config, decryptSecret(box, row.secretEncrypted));
  return { id: row.id, name: row.name, type, shown: shown as never, secret: secret as never } as TResolvedAlertChannel;
}
