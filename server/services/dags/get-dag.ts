import type { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';

/**
 * What the REST and UI views of a DAG read: its row, the number of its current version, its
 * workspace's slug (REST's `fileloc`) and whether it is scheduled on datasets (REST's `schedule_interval`).
 */
export const DAG_WITH_VERSION = {
  currentVersion: { select: { version: true, createdAt: true } },
  workspace: { select: { slug: true } },
  _count: { select: { datasetScheduleRefs: true } },
} as const satisfies Prisma.DagInclude;
export type TDagWithVersion = Prisma.DagGetPayload<{ include: typeof DAG_WITH_VERSION }>;

export function dagNotFound(dagId: string): AppError {
  return new AppError('not_found', `DAG '${dagId}' does not exist.`);
}

/** The DAG's primary key and current version; a DAG of another workspace does not exist. */
export async function findDagPk(db: TDb, workspaceId: string, dagId: string): Promise<{ id: string; currentVersionId: string | null }> {
  const dag = await db.dag.findUnique({
    where: { workspaceId_dagId: { workspaceId, dagId } },
    select: { id: true, currentVersionId: true },
  });
  if (!dag) throw dagNotFound(dagId);
  return dag;
}

export async function getDag(ctx: TServiceContext, dagId: string): Promise<TDagWithVersion> {
  const dag = await ctx.db.dag.findUnique({
    where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId } },
    include: DAG_WITH_VERSION,
  });
  if (!dag) throw dagNotFound(dagId);
  return dag;
}
