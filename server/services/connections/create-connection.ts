import type { SecretBox } from '../../auth/secret-box';
import { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';

export type TConnectionInput = {
  connId: string;
  connType: string;
  description?: string | null;
  host?: string | null;
  port?: number | null;
  login?: string | null;
  /** For PostgreSQL connections, the database name (Airflow's `schema` field). */
  schema?: string | null;
  password?: string | null;
  extra?: Record<string, unknown> | null;
};

/** Adds a connection; its password and extra are stored encrypted and never returned. */
export async function createConnection(ctx: TServiceContext, box: SecretBox, input: TConnectionInput) {
  requireRole(ctx, 'admin');
  const existing = await ctx.db.connection.findUnique({
    where: { workspaceId_connId: { workspaceId: ctx.workspaceId, connId: input.connId } },
    select: { id: true },
  });
  if (existing) throw duplicate(input.connId);
  const data = {
    workspaceId: ctx.workspaceId,
    connId: input.connId,
    connType: input.connType,
    description: input.description ?? null,
    host: input.host ?? null,
    port: input.port ?? null,
    login: input.login ?? null,
    schema: input.schema ?? null,
    passwordEncrypted: input.password ? box.encrypt(input.password) : null,
    extraEncrypted: input.extra ? box.encrypt(JSON.stringify(input.extra)) : null,
  };
  // The unique index decides a race between two creates: the loser gets the same 409.
  const connection = await ctx.db.connection.create({ data, select: { id: true, connId: true } }).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw duplicate(input.connId);
    throw error;
  });
  await recordAudit(ctx.db, ctx, { action: 'connection.create', targetType: 'connection', targetId: input.connId });
  return connection;
}

function duplicate(connId: string) {
  return new AppError('conflict', `A connection '${connId}' already exists in this workspace.`);
}
