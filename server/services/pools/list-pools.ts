import { requireRole, type TServiceContext } from '../context';

/** Task instance states that hold pool slots (Airflow counts queued and running). */
const OCCUPYING = ['queued', 'running'];

/** The workspace's pools with the slots their queued and running task instances take. */
export async function listPools(ctx: TServiceContext) {
  requireRole(ctx, 'viewer');
  const [pools, usage] = await Promise.all([
    ctx.db.pool.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { name: 'asc' }, select: { name: true, slots: true, description: true } }),
    ctx.db.taskInstance.groupBy({
      by: ['pool', 'state'],
      where: { workspaceId: ctx.workspaceId, state: { in: OCCUPYING } },
      _sum: { poolSlots: true },
    }),
  ]);
  const used = (pool: string, state: string) => usage.find((row) => row.pool === pool && row.state === state)?._sum.poolSlots ?? 0;
  return pools.map((pool) => {
    const queued = used(pool.name, 'queued');
    const running = used(pool.name, 'running');
    return { ...pool, queued, running, open: pool.slots - queued - running };
  });
}
