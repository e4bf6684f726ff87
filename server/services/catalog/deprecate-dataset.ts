import type { TDb } from '../../db/sql';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

export type TDeprecation = {
  id: string;
  deprecatedAt: Date;
  deprecationNote: string | null;
  /** The DAGs that read it, with their owners: the people told. */
  consumers: { dagId: string; owner: string | null }[];
};

/**
 * Marks a dataset deprecated (the dataset page says so, with the note) and records who must be
 * told: one `dataset.deprecated_consumer` audit entry per DAG that reads it (filterable by that
 * DAG), beside the `dataset.deprecated` entry. The telling itself goes through the alert
 * channels, from the scheduler process (send-catalog-notices.ts), which has the queue.
 * Deprecating again updates the note and keeps the first date. Editor and above.
 */
export async function deprecateDataset(ctx: TServiceContext, input: { id: string; note: string | null }): Promise<TDeprecation> {
  requireRole(ctx, 'editor');
  return ctx.db.$transaction(async (tx) => {
    const found = await datasetOf(tx, ctx.workspaceId, input.id);
    const updated = await tx.dataset.update({
      where: { id: found.id },
      data: {
        deprecatedAt: found.deprecatedAt ?? new Date(),
        deprecationNote: input.note,
        deprecatedById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      },
      select: { id: true, deprecatedAt: true, deprecationNote: true },
    });
    const consumers = await tx.dag.findMany({
      where: { workspaceId: ctx.workspaceId, datasetEdges: { some: { datasetId: found.id, direction: 'read' } } },
      select: { dagId: true, owner: true },
      orderBy: { dagId: 'asc' },
    });
    const dataset = datasetShortForm(found);
    await recordAudit(tx, ctx, { action: 'dataset.deprecated', targetType: 'dataset', targetId: found.id, details: { dataset, note: input.note, consumers: consumers.map((dag) => dag.dagId) } });
    for (const consumer of consumers) {
      await recordAudit(tx, ctx, {
        action: 'dataset.deprecated_consumer',
        targetType: 'dag',
        targetId: consumer.dagId,
        details: { dataset, dataset_id: found.id, owner: consumer.owner, note: input.note },
      });
    }
    return { id: updated.id, deprecatedAt: updated.deprecatedAt!, deprecationNote: updated.deprecationNote, consumers };
  });
}

/**
 * Takes a deprecation back (one made by mistake, or a table that turned out to be needed): the
 * dataset page stops saying so, and a later deprecation is announced afresh. Editor and above.
 */
export async function undeprecateDataset(ctx: TServiceContext, input: { id: string }): Promise<{ id: string; wasDeprecated: boolean }> {
  requireRole(ctx, 'editor');
  return ctx.db.$transaction(async (tx) => {
    const found = await datasetOf(tx, ctx.workspaceId, input.id);
    if (found.deprecatedAt === null) return { id: found.id, wasDeprecated: false };
    await tx.dataset.update({
      where: { id: found.id },
      data: { deprecatedAt: null, deprecationNote: null, deprecatedById: null, deprecationNotifiedAt: null },
    });
    await recordAudit(tx, ctx, { action: 'dataset.undeprecated', targetType: 'dataset', targetId: found.id, details: { dataset: datasetShortForm(found) } });
    return { id: found.id, wasDeprecated: true };
  });
}

/** The workspace's dataset, or not_found: another workspace's does not exist either. */
async function datasetOf(tx: TDb, workspaceId: string, id: string) {
  const found = await tx.dataset.findFirst({ where: { id, workspaceId }, select: { id: true, connId: true, name: true, deprecatedAt: true } });
  if (!found) throw new AppError('not_found', `Dataset '${id}' does not exist.`);
  return found;
}
