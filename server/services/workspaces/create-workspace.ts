import type { PrismaClient } from '../../db/client';
import { AppError } from '../app-error';

export const DEFAULT_POOL = { name: 'default_pool', slots: 128, description: 'Default pool' } as const;
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * A new workspace with what every workspace needs: its default pool (tasks run in
 * `default_pool` unless they name another). The slug appears in URLs.
 */
export async function createWorkspace(db: PrismaClient, input: { slug: string; name?: string }) {
  if (!SLUG.test(input.slug)) {
    throw new AppError('invalid_input', `Workspace slug '${input.slug}' must be 2-63 lowercase letters, digits or '-', starting with a letter or digit.`);
  }
  const existing = await db.workspace.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (existing) throw new AppError('conflict', `A workspace '${input.slug}' already exists.`);
  return db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({ data: { slug: input.slug, name: input.name ?? input.slug } });
    await tx.pool.create({ data: { workspaceId: workspace.id, ...DEFAULT_POOL } });
    return workspace;
  });
}
