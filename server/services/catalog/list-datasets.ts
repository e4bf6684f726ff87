import type { Prisma } from '../../db/client';
import { requireRole, type TServiceContext } from '../context';
import { DATASET_ITEM_SELECT, toDatasetItem, type TDatasetItem } from './dataset-view';

export type TListDatasetsInput = {
  /** Part of the name (`orders` finds public.orders), case-blind. */
  q?: string;
  connId?: string;
  /** Only datasets carrying this tag. */
  tag?: string;
  limit: number;
  offset: number;
};

/** The workspace's datasets by connection and name, one page and the total. */
export async function listDatasets(ctx: TServiceContext, input: TListDatasetsInput): Promise<{ datasets: TDatasetItem[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  const where: Prisma.DatasetWhereInput = {
    workspaceId: ctx.workspaceId,
    ...(input.connId === undefined ? {} : { connId: input.connId }),
    ...(input.tag === undefined || input.tag === '' ? {} : { tags: { has: input.tag } }),
    ...(input.q === undefined || input.q === '' ? {} : { name: { contains: input.q, mode: 'insensitive' } }),
  };
  const [rows, totalEntries] = await Promise.all([
    ctx.db.dataset.findMany({ where, select: DATASET_ITEM_SELECT, orderBy: [{ connId: 'asc' }, { name: 'asc' }], take: input.limit, skip: input.offset }),
    ctx.db.dataset.count({ where }),
  ]);
  return { datasets: rows.map(toDatasetItem), totalEntries };
}
