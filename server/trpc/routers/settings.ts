import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { env, requireSecretKey } from '../../env';
import { createConnection } from '../../services/connections/create-connection';
import { deleteConnection } from '../../services/connections/delete-connection';
import { connectionsWithPassword, listConnections } from '../../services/connections/list-connections';
import { testConnection } from '../../services/connections/test-connection';
import { updateConnection } from '../../services/connections/update-connection';
import { ROLES } from '../../services/context';
import { createPool, updatePool } from '../../services/pools/set-pool';
import { deletePool } from '../../services/pools/delete-pool';
import { listPools } from '../../services/pools/list-pools';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/tokens/api-tokens';
import { deleteVariable } from '../../services/variables/delete-variable';
import { listVariables } from '../../services/variables/list-variables';
import { setVariable } from '../../services/variables/set-variable';
import { changeMemberRole } from '../../services/members/change-member-role';
import { acceptInvitation } from '../../services/members/accept-invitation';
import { describeInvitation } from '../../services/members/describe-invitation';
import { createInvitation, listPendingInvitations, revokeInvitation } from '../../services/members/invitations';
import { listMembers } from '../../services/members/list-members';
import { removeMember } from '../../services/members/remove-member';
import { authedProcedure, publicProcedure, roleProcedure, router, workspaceProcedure } from '../init';
import { auditLogProcedures } from './audit-log';

const ZNameSchema = z.string().trim().min(1).max(250);
const ZOptionalText = z.string().trim().max(1000).nullish().transform((value) => value || null);

export const ZConnectionFormSchema = z.object({
  connId: ZNameSchema.regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, underscores, dots or hyphens'),
  connType: ZNameSchema,
  description: ZOptionalText,
  host: ZOptionalText,
  port: z.number().int().min(1).max(65535).nullish(),
  login: ZOptionalText,
  schema: ZOptionalText,
  /** Absent keeps the stored password, null clears it, a string replaces it. */
  password: z.string().max(1000).nullish(),
  extra: z.record(z.string(), z.unknown()).nullish(),
});

const ZPageSchema = z.object({ limit: z.number().int().min(1).max(100).default(50), offset: z.number().int().min(0).default(0) });
const ZPoolSchema = z.object({ name: ZNameSchema, slots: z.number().int().min(0).max(100_000), description: ZOptionalText });

/** Dates cross the wire as ISO text: the client has no transformer that would revive them. */
function iso(date: Date): string;
function iso(date: Date | null): string | null;
function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

function secretBox(): SecretBox {
  return new SecretBox(requireSecretKey());
}

const connectionsRouter = router({
  list: workspaceProcedure.input(ZPageSchema).query(async ({ ctx, input }) => {
    const { connections, totalEntries } = await listConnections(ctx.service, secretBox(), input);
    // Whether a password is stored, never the password: the form shows •••• and "change password".
    const set = await connectionsWithPassword(ctx.service, connections.map((connection) => connection.connId));
    return { connections: connections.map((connection) => ({ ...connection, hasPassword: set.has(connection.connId) })), total: totalEntries };
  }),
  create: roleProcedure('admin').input(ZConnectionFormSchema).mutation(async ({ ctx, input }) => {
    await createConnection(ctx.service, secretBox(), input);
    return { connId: input.connId };
  }),
  update: roleProcedure('admin').input(ZConnectionFormSchema).mutation(async ({ ctx, input }) => {
    const { connId, ...patch } = input;
    await updateConnection(ctx.service, secretBox(), connId, patch);
    return { connId };
  }),
  delete: roleProcedure('admin').input(z.object({ connId: ZNameSchema })).mutation(async ({ ctx, input }) => {
    await deleteConnection(ctx.service, input.connId);
    return { connId: input.connId };
  }),
  test: roleProcedure('admin').input(z.object({ connId: ZNameSchema })).mutation(({ ctx, input }) => testConnection(ctx.service, secretBox(), input)),
});

const variablesRouter = router({
  list: workspaceProcedure.input(ZPageSchema).query(async ({ ctx, input }) => {
    const { variables, totalEntries } = await listVariables(ctx.service, secretBox(), input);
    return { variables, total: totalEntries };
  }),
  set: roleProcedure('editor')
    .input(z.object({ key: ZNameSchema, value: z.string().max(100_000).optional(), description: ZOptionalText, mode: z.enum(['create', 'update']) }))
    .mutation(async ({ ctx, input }) => {
      const view = await setVariable(ctx.service, secretBox(), input.key, { value: input.value, description: input.description }, input.mode);
      return { key: view.key };
    }),
  delete: roleProcedure('editor').input(z.object({ key: ZNameSchema })).mutation(async ({ ctx, input }) => {
    await deleteVariable(ctx.service, input.key);
    return { key: input.key };
  }),
});

const poolsRouter = router({
  list: workspaceProcedure.query(({ ctx }) => listPools(ctx.service)),
  create: roleProcedure('admin').input(ZPoolSchema).mutation(async ({ ctx, input }) => {
    await createPool(ctx.service, input);
    return { name: input.name };
  }),
  update: roleProcedure('admin').input(ZPoolSchema).mutation(async ({ ctx, input }) => {
    await updatePool(ctx.service, input);
    return { name: input.name };
  }),
  delete: roleProcedure('admin').input(z.object({ name: ZNameSchema })).mutation(async ({ ctx, input }) => {
    await deletePool(ctx.service, input.name);
    return { name: input.name };
  }),
});

const tokensRouter = router({
  // Token metadata is admin-only in the service; a viewer's page shows that instead of the list.
  list: roleProcedure('admin').query(async ({ ctx }) =>
    (await listApiTokens(ctx.service)).map((token) => ({
      ...token,
      createdAt: iso(token.createdAt),
      lastUsedAt: iso(token.lastUsedAt),
      expiresAt: iso(token.expiresAt),
      revokedAt: iso(token.revokedAt),
    })),
  ),
  create: roleProcedure('admin')
    .input(z.object({ name: ZNameSchema.max(100), role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const created = await createApiToken(ctx.service, input);
      return { id: created.id, name: created.name, role: created.role, prefix: created.prefix, token: created.token };
    }),
  revoke: roleProcedure('admin').input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    await revokeApiToken(ctx.service, input.id);
    return { id: input.id };
  }),
});

/** Members and invitations of the settings pages; `accept` is for the invited user (any workspace). */
const membersRouter = router({
  list: workspaceProcedure.query(async ({ ctx }) =>
    (await listMembers(ctx.service)).map((member) => ({ ...member, joinedAt: iso(member.joinedAt), isYou: member.userId === ctx.user.id })),
  ),
  changeRole: roleProcedure('admin').input(z.object({ userId: z.uuid(), role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
    await changeMemberRole(ctx.service, input);
    return input;
  }),
  remove: roleProcedure('admin').input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.service, input.userId);
    return input;
  }),
  invitations: roleProcedure('admin').query(async ({ ctx }) =>
    (await listPendingInvitations(ctx.service)).map((row) => ({ ...row, createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt), emailedAt: iso(row.emailedAt) })),
  ),
  invite: roleProcedure('admin')
    .input(z.object({ email: z.email().max(320), role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      // The configured public address wins over the request's: behind a proxy they differ.
      const baseUrl = env().TRIBUTARY_PUBLIC_URL ?? ctx.origin ?? null;
      const invitation = await createInvitation(ctx.service, { ...input, baseUrl });
      return {
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        token: invitation.token,
        expiresAt: iso(invitation.expiresAt),
        emailed: invitation.emailed,
        emailError: invitation.emailError,
      };
    }),
  revokeInvitation: roleProcedure('admin').input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    await revokeInvitation(ctx.service, input.id);
    return input;
  }),
  accept: authedProcedure.input(z.object({ token: z.string().min(1).max(200) })).mutation(({ ctx, input }) => acceptInvitation(ctx.db, ctx.user, input.token)),
  /** What an invitation link offers (workspace, inviter, role, invited email), or null when it is unusable; no sign-in needed. */
  invitation: publicProcedure.input(z.object({ token: z.string().min(1).max(200) })).query(async ({ ctx, input }) => {
    const view = await describeInvitation(ctx.db, input.token);
    return view && { ...view, expiresAt: view.expiresAt.toISOString() };
  }),
});

export const settingsRouter = router({
  connections: connectionsRouter,
  variables: variablesRouter,
  pools: poolsRouter,
  tokens: tokensRouter,
  members: membersRouter,
  ...auditLogProcedures,
});
