import { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';

export type TDatasetItem = {
  id: string;
  connId: string;
  namespace: string | null;
  /** OpenLineage's name in the namespace (db.schema.table). */
  olName: string | null;
  name: string;
  description: string | null;
  owner: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
};

/**
 * The short form in SQL, as datasetShortForm writes it: `conn_id.schema.table`, or the URI of a
 * file or API (empty conn_id). `alias` is the query's own alias for the dataset table.
 */
export const datasetShortFormSql = (alias: 'd' | 'ds') => Prisma.raw(`(case when ${alias}."connId" = '' then ${alias}.name else ${alias}."connId" || '.' || ${alias}.name end)`);

export const DATASET_ITEM_SELECT = {
  id: true, connId: true, namespace: true, olName: true, name: true, description: true, owner: true, tags: true, createdAt: true, updatedAt: true,
} satisfies Prisma.DatasetSelect;

export function toDatasetItem(row: Prisma.DatasetGetPayload<{ select: typeof DATASET_ITEM_SELECT }>): TDatasetItem {
  return { ...row, tags: row.tags ?? [] };
}

/** A dataset of the caller's workspace: another workspace's answers as if it did not exist. */
export async function findDataset(ctx: TServiceContext, id: string): Promise<TDatasetItem> {
  const row = await ctx.db.dataset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: DATASET_ITEM_SELECT });
  if (!row) throw new AppError('not_found', `Dataset '${id}' does not exist.`);
  return toDatasetItem(row);
}
