import { datasetUri, parseDatasetShortForm } from '../../domain/catalog/dataset-name';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { findDataset } from './dataset-view';
import { recordDatasetEvents, type TRecordedDatasetEvent } from './record-dataset-events';
import { datasetKeysOf } from './sync-dataset-schedule';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

async function shortFormKey(ctx: TServiceContext, text: string): Promise<string | null> {
  const ref = parseDatasetShortForm(text);
  if (!ref.ok) throw new AppError('invalid_input', `dataset: ${ref.error}`);
  const [key] = await datasetKeysOf(ctx.db, ctx.workspaceId, [ref.value]);
  return key ?? null;
}

export type TDatasetSelector = { datasetId: string } | { dataset: string };

/** The dataset by id, short form (`conn_id.schema.table`) or a file's or API's URI, in the caller's workspace. */
async function resolveDataset(ctx: TServiceContext, selector: TDatasetSelector): Promise<{ id: string; shortForm: string }> {
  if ('datasetId' in selector) {
    const found = await findDataset(ctx, selector.datasetId);
    return { id: found.id, shortForm: datasetShortForm(found) };
  }
  const uri = selector.dataset.includes('://') ? datasetUri(selector.dataset) : null;
  const key = uri ?? (await shortFormKey(ctx, selector.dataset));
  const found = key ? await ctx.db.dataset.findFirst({ where: { workspaceId: ctx.workspaceId, key }, select: { id: true } }) : null;
  if (!found) throw new AppError('not_found', `Dataset '${selector.dataset}' does not exist in this workspace.`);
  return { id: found.id, shortForm: selector.dataset };
}

/**
 * An update of a dataset sent from outside (a load Tributary does not run): recorded as a
 * dataset_event with source api and the caller as actor, like a producing task's, so DAGs
 * scheduled on the dataset run and its freshness counts from now.
 */
export async function createDatasetEvent(ctx: TServiceContext, input: TDatasetSelector & { extra: Record<string, unknown> }): Promise<TRecordedDatasetEvent> {
  requireRole(ctx, 'editor');
  const dataset = await resolveDataset(ctx, input);
  const event = await ctx.db.$transaction(async (tx) => {
    const [recorded] = await recordDatasetEvents(tx, [{
      workspaceId: ctx.workspaceId, datasetId: dataset.id, source: 'api', dagRunId: null, taskId: null, tryNumber: null, actor: ctx.actor.label, extra: input.extra,
    }]);
    await recordAudit(tx, ctx, { action: 'dataset.event', targetType: 'dataset', targetId: dataset.shortForm, details: {} });
    return recorded!;
  });
  await wakeScheduler(ctx.db);
  return event;
}
