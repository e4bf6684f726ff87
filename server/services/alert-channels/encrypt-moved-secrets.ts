import type { SecretBox } from '../../auth/secret-box';
import type { Prisma, PrismaClient } from '../../db/client';
import { decryptSecret, encryptSecret, holdsSecretInClear, storedChannelConfig } from './alert-channel-view';
import { checkChannelType } from './create-alert-channel';

/**
 * Channels saved before one of their fields became secret (a webhook's url) still hold it in
 * the clear column. Run once as the scheduler starts: each such channel is re-stored with the
 * field encrypted, compare-and-set on the config read, so a save in between wins. Every
 * workspace's channels: a platform pass, not a tenant's request. Returns how many it moved.
 */
export async function encryptMovedChannelSecrets(db: PrismaClient, box: SecretBox): Promise<number> {
  const rows = await db.alertChannel.findMany({ where: { NOT: { config: { equals: {} } } }, select: { id: true, type: true, config: true, secretEncrypted: true } });
  let moved = 0;
  for (const row of rows) {
    const type = checkChannelType(row.type);
    if (!holdsSecretInClear(type, row.config)) continue;
    const { shown, secret } = storedChannelConfig(type, row.config, decryptSecret(box, row.secretEncrypted));
    const updated = await db.alertChannel.updateMany({
      where: { id: row.id, config: { equals: row.config as Prisma.InputJsonValue } },
      data: { config: shown as Prisma.InputJsonObject, secretEncrypted: encryptSecret(box, secret) },
    });
    moved += updated.count;
  }
  return moved;
}
