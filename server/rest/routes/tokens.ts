import { z } from 'zod';
import { ROLES } from '../../services/context';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/tokens/api-tokens';
import { iso, json, jsonBody } from '../http';
import { defineRoutes } from '../route';

const ZCreateTokenSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  role: z.enum(ROLES, { error: `role must be one of: ${ROLES.join(', ')}` }),
  expires_at: z.iso.datetime({ offset: true }).nullish(),
});

export const tokenRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/apiTokens',
    auth: 'token',
    async handler({ ctx }) {
      const tokens = await listApiTokens(ctx);
      return json({
        api_tokens: tokens.map((t) => ({
          id: t.id, name: t.name, role: t.role, prefix: t.prefix, created_at: iso(t.createdAt),
          last_used_at: iso(t.lastUsedAt), expires_at: iso(t.expiresAt), revoked_at: iso(t.revokedAt),
        })),
        total_entries: tokens.length,
      });
    },
  },
  {
    method: 'POST',
    path: '/apiTokens',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZCreateTokenSchema);
      const created = await createApiToken(ctx, { name: body.name, role: body.role, expiresAt: body.expires_at ? new Date(body.expires_at) : null });
      return json({ id: created.id, name: created.name, role: created.role, prefix: created.prefix, token: created.token, expires_at: iso(created.expiresAt) }, 201);
    },
  },
  {
    method: 'DELETE',
    path: '/apiTokens/:token_id',
    auth: 'token',
    async handler({ ctx, params }) {
      await revokeApiToken(ctx, params.token_id!);
      return new Response(null, { status: 204 });
    },
  },
]);
