import type { SecretBox } from '../../auth/secret-box';
import type { Prisma } from '../../db/client';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { CONNECTION_VIEW_SELECT, connectionNotFound, decryptExtra, toConnectionView, type TConnectionView } from './connection-view';
import type { TConnectionInput } from './create-connection';
import { MASK, restoreMaskedFields } from './mask-secrets';

/**
 * PATCH semantics: a field left out (undefined) keeps its value, null clears it. So a password
 * of null removes the stored one and an absent password keeps it. conn_type cannot be cleared.
 */
export type TConnectionPatch = Partial<Omit<TConnectionInput, 'connId' | 'connType'>> & { connType?: string };

export async function updateConnection(ctx: TServiceContext, box: SecretBox, connId: string, patch: TConnectionPatch): Promise<TConnectionView> {
  requireRole(ctx, 'admin');
  return ctx.db.$transaction(async (tx) => {
    const where = { workspaceId_connId: { workspaceId: ctx.workspaceId, connId } };
    const current = await tx.connection.findUnique({ where, select: { extraEncrypted: true } });
    if (!current) throw connectionNotFound(connId);
    const updated = await tx.connection.update({ where, data: updateData(box, patch, current.extraEncrypted), select: CONNECTION_VIEW_SELECT });
    // Field names only: the values may be credentials.
    const fields = Object.entries(patch).filter(([, value]) => value !== undefined).map(([name]) => name);
    await recordAudit(tx, ctx, { action: 'connection.update', targetType: 'connection', targetId: connId, details: { fields } });
    return toConnectionView(updated, box);
  });
}

function updateData(box: SecretBox, patch: TConnectionPatch, storedExtra: string | null): Prisma.ConnectionUpdateInput {
  const { connType, description, host, port, schema } = patch;
  // A masked login (an s3 access key id as read back) sent again keeps the stored one.
  const login = patch.login === MASK ? undefined : patch.login;
  // Prisma leaves undefined fields alone, which is exactly PATCH's "absent keeps it".
  const data: Prisma.ConnectionUpdateInput = { connType, description, host, port, login, schema };
  if (patch.password !== undefined) data.passwordEncrypted = patch.password ? box.encrypt(patch.password) : null;
  if (patch.extra !== undefined) {
    const extra = patch.extra === null ? null : restoreMaskedFields(patch.extra, decryptExtra(box, storedExtra));
    data.extraEncrypted = extra === null ? null : box.encrypt(JSON.stringify(extra));
  }
  return data;
}
