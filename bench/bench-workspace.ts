import type { PrismaClient } from '../server/db/client';

/**
 * A workspace for one benchmark, alone on its engine: its running-task quota and its default
 * pool are raised to `room`, so neither is what is measured.
 */
export async function benchWorkspace(db: PrismaClient, slug: string, room = 100_000) {
  const quota = { maxRunningTasks: room };
  const workspace = await db.workspace.upsert({ where: { slug }, create: { slug, name: slug, ...quota }, update: quota });
  await db.pool.upsert({
    where: { workspaceId_name: { workspaceId: workspace.id, name: 'default_pool' } },
    create: { workspaceId: workspace.id, name: 'default_pool', slots: room },
    update: { slots: room },
  });
  return workspace;
}
