import type { PrismaClient } from '../../db/client';
import { ROLES, type TRole } from '../context';

export type TUserWorkspace = { slug: string; name: string; role: TRole };

export function asRole(role: string): TRole {
  const known = ROLES.find((candidate) => candidate === role);
  // The membership table's CHECK constraint allows only these; anything else gets least access.
  return known ?? 'viewer';
}

/** The workspaces a user is a member of, with their role in each, by name. */
export async function listUserWorkspaces(db: PrismaClient, userId: string): Promise<TUserWorkspace[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { slug: true, name: true } } },
    orderBy: { workspace: { name: 'asc' } },
  });
  return memberships.map((m) => ({ slug: m.workspace.slug, name: m.workspace.name, role: asRole(m.role) }));
}
