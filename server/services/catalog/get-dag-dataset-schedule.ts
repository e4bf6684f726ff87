import type { TDatasetConditionItem } from '../../domain/dag/dataset-schedule';
import { isConditionSatisfied } from '../../domain/dag/dataset-schedule';
import { requireRole, type TServiceContext } from '../context';
import { loadDagVersion } from '../dags/load-dag-version';
import { findDagPk } from '../dags/get-dag';
import { datasetKeysOf } from './sync-dataset-schedule';
import { conditionDatasets } from '../../domain/dag/dataset-schedule';

/** A dataset the DAG waits for: whether it was updated since the DAG's last dataset-triggered run. */
export type TWaitedDataset = { kind: 'dataset'; dataset: string; datasetId: string | null; updated: boolean; lastUpdatedAt: string | null };
export type TWaitedCondition = { kind: 'condition'; op: 'all' | 'any'; satisfied: boolean; items: (TWaitedDataset | TWaitedCondition)[] };

/** What a DAG scheduled on datasets waits for, and which of them are already updated; null for a DAG on another schedule. */
export async function getDagDatasetSchedule(ctx: TServiceContext, dagId: string): Promise<TWaitedCondition | null> {
  requireRole(ctx, 'viewer');
  const dag = await findDagPk(ctx.db, ctx.workspaceId, dagId);
  const spec = dag.currentVersionId ? await loadDagVersion(ctx.db, dag.currentVersionId) : null;
  const condition = spec?.dataset_schedule ?? null;
  if (!condition) return null;
  const refs = conditionDatasets(condition);
  const keys = await datasetKeysOf(ctx.db, ctx.workspaceId, refs);
  const [datasets, queued] = await Promise.all([
    ctx.db.dataset.findMany({ where: { workspaceId: ctx.workspaceId, key: { in: keys.filter((key): key is string => key !== null) } }, select: { id: true, key: true, lastUpdatedAt: true } }),
    ctx.db.datasetDagRunQueue.findMany({ where: { dagPk: dag.id }, select: { datasetId: true } }),
  ]);
  const byRef = new Map(refs.map((ref, index) => [`${ref.conn_id}.${ref.table}`, datasets.find((row) => row.key === keys[index]) ?? null]));
  const updated = new Set(queued.map((row) => row.datasetId));
  const isUpdated = (shortForm: string) => updated.has(byRef.get(shortForm)?.id ?? '');
  const view = (item: TDatasetConditionItem): TWaitedDataset | TWaitedCondition => {
    if ('dataset' in item) {
      const shortForm = `${item.dataset.conn_id}.${item.dataset.table}`;
      const row = byRef.get(shortForm) ?? null;
      return { kind: 'dataset', dataset: shortForm, datasetId: row?.id ?? null, updated: isUpdated(shortForm), lastUpdatedAt: row?.lastUpdatedAt?.toISOString() ?? null };
    }
    const satisfied = isConditionSatisfied(item, (ref) => isUpdated(`${ref.conn_id}.${ref.table}`));
    return { kind: 'condition', op: item.op, satisfied, items: item.items.map(view) };
  };
  return view(condition) as TWaitedCondition;
}
