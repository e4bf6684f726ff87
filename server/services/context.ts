import type { PrismaClient } from '../db/client';
import { hasRole, type TRole } from '../domain/members/roles';
import { AppError } from './app-error';

export { hasRole, ROLES, type TRole } from '../domain/members/roles';

export type TActor =
  | { type: 'user'; id: string; label: string }
  | { type: 'token'; id: string; label: string }
  | { type: 'system'; id: null; label: string };

/**
 * Who is calling, in which workspace, with which role. Built once by the tRPC middleware,
 * the REST token check or an admin command; services never take a workspace id from input.
 */
export type TServiceContext = {
  db: PrismaClient;
  workspaceId: string;
  actor: TActor;
  role: TRole;
};

/** Every mutation calls this first. */
export function requireRole(ctx: TServiceContext, atLeast: TRole): void {
  if (!hasRole(ctx.role, atLeast)) {
    throw new AppError('forbidden', `This needs the ${atLeast} role; you are ${ctx.role} in this workspace.`);
  }
}

export function systemContext(db: PrismaClient, workspaceId: string, label = 'system'): TServiceContext {
  return { db, workspaceId, actor: { type: 'system', id: null, label }, role: 'owner' };
}
