import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, ROLES, type TRole, type TServiceContext } from '../context';
import type { PrismaClient } from '../../db/client';

const PREFIX = 'trb_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a workspace API token; the token itself is returned once and only its hash is kept. */
export async function createApiToken(ctx: TServiceContext, input: { name: string; role: TRole; expiresAt?: Date | null }) {
  requireRole(ctx, 'admin');
  // Nobody hands out more power than they hold.
  if (ROLES.indexOf(input.role) > ROLES.indexOf(ctx.role)) {
    throw new AppError('forbidden', `You cannot create a token with the ${input.role} role: yours is ${ctx.role}.`);
  }
  const token = `${PREFIX}${randomBytes(24).toString('base64url')}`;
  const row = await ctx.db.apiToken.create({
    data: {
      workspaceId: ctx.workspaceId,
      name: input.name,
      role: input.role,
      tokenHash: hashToken(token),
      prefix: token.slice(0, PREFIX.length + 6),
      createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      expiresAt: input.expiresAt ?? null,
    },
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, expiresAt: true },
  });
  await recordAudit(ctx.db, ctx, { action: 'api_token.create', targetType: 'api_token', targetId: row.id, details: { name: input.name, role: input.role } });
  return { ...row, token };
}

export async function listApiTokens(ctx: TServiceContext) {
  requireRole(ctx, 'admin');
  return ctx.db.apiToken.findMany({
    where: { workspaceId: ctx.workspaceId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  });
}

export async function revokeApiToken(ctx: TServiceContext, id: string) {
  requireRole(ctx, 'admin');
  const revoked = await ctx.db.apiToken.updateMany({
    where: { id, workspaceId: ctx.workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (revoked.count === 0) throw new AppError('not_found', `API token ${id} does not exist or is already revoked.`);
  await recordAudit(ctx.db, ctx, { action: 'api_token.revoke', targetType: 'api_token', targetId: id });
}

/**
 * The service context for a bearer token, or an unauthenticated error that does not say which
 * part was wrong (unknown, revoked and expired tokens look the same to the caller).
 */
export async function contextForToken(db: PrismaClient, token: string): Promise<TServiceContext> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
    throw new AppError('unauthenticated', 'The API token is invalid, expired or revoked.');
  }
  // Coarse last-used time: one write a minute at most per token, not one per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { db, workspaceId: row.workspaceId, role: row.role as TRole, actor: { type: 'token', id: row.id, label: `token ${row.name} (${row.prefix}…)` } };
}
