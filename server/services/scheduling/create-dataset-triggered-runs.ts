import type { PrismaClient } from '../../db/client';
import type { TDb } from '../../db/sql';
import { conditionDatasets, isConditionSatisfied } from '../../domain/dag/dataset-schedule';
import { datasetKeysOf } from '../catalog/sync-dataset-schedule';
import { loadDagVersion } from '../dags/load-dag-version';
import { runIdFor } from '../../domain/schedule/run-id';
import { insertDagRuns } from '../runs/insert-dag-runs';

type TWaitingDag = { dagPk: string; workspaceId: string; versionId: string };
type TQueued = { datasetId: string; key: string; createdAt: Date };

/**
 * Airflow's dataset-triggered runs: an unpaused DAG scheduled on datasets whose condition holds
 * over its queued updates gets one run (logical date = now, as Airflow), linked to the events
 * that triggered it, and its queue rows are deleted, in one transaction. The queue rows are
 * locked first, so an update recorded meanwhile waits and queues the next run. Returns how many
 * runs were created.
 */
export async function createDatasetTriggeredRuns(db: PrismaClient, now: Date): Promise<number> {
  const waiting = await db.$queryRaw<TWaitingDag[]>`
    select distinct q."dagPk", d."workspaceId", d."currentVersionId" as "versionId"
    from dataset_dag_run_queue q join dag d on d.id = q."dagPk"
    where not d."isPaused" and d."currentVersionId" is not null`;
  let created = 0;
  for (const dag of waiting) {
    const spec = await loadDagVersion(db, dag.versionId).catch(() => null);
    const condition = spec?.dataset_schedule ?? null;
    if (!spec || !condition) continue;
    const refs = conditionDatasets(condition);
    const keys = await datasetKeysOf(db, dag.workspaceId, refs);
    const refText = (ref: { conn_id: string; table: string }) => `${ref.conn_id}\u0000${ref.table}`;
    const keyOfRef = new Map(refs.map((ref, index) => [refText(ref), keys[index] ?? null]));
    const made = await db.$transaction(async (tx) => {
      const queued = await lockQueue(tx, dag.dagPk);
      const updated = new Set(queued.map((row) => row.key));
      if (!isConditionSatisfied(condition, (ref) => updated.has(keyOfRef.get(refText(ref)) ?? ''))) return false;
      const [run] = await insertDagRuns(tx, {
        workspaceId: dag.workspaceId, dagPk: dag.dagPk, dagVersionId: dag.versionId, spec, runType: 'dataset_triggered',
        infos: [{ logicalDate: now, dataInterval: { start: now, end: now }, runAfter: now, runId: runIdFor('dataset_triggered', now) }],
      });
      if (!run) return false;
      const datasetIds = queued.map((row) => row.datasetId);
      await linkTriggeringEvents(tx, run.id, queued);
      // Only the rows read and locked above: one queued since (by an update committed meanwhile) waits for the next run.
      await tx.$executeRaw`delete from dataset_dag_run_queue where "dagPk" = ${dag.dagPk} and "datasetId" = any(${datasetIds}::text[])`;
      return true;
    });
    if (made) created += 1;
  }
  return created;
}

async function lockQueue(tx: TDb, dagPk: string): Promise<TQueued[]> {
  return tx.$queryRaw<TQueued[]>`
    select q."datasetId", ds.key, q."createdAt" from dataset_dag_run_queue q join dataset ds on ds.id = q."datasetId"
    where q."dagPk" = ${dagPk} order by q."datasetId" for update of q`;
}

/**
 * The events of the queued datasets since each was queued: the queue row is created by the first
 * update after the DAG's previous dataset-triggered run (or its deploy), in that update's
 * transaction, so this is every update since then and none a previous run already took.
 */
async function linkTriggeringEvents(tx: TDb, runPk: string, queued: readonly TQueued[]): Promise<void> {
  await tx.$executeRaw`
    insert into dag_run_dataset_event ("dagRunId", "datasetEventId")
    select ${runPk}, e.id
    from unnest(${queued.map((row) => row.datasetId)}::text[], ${queued.map((row) => row.createdAt)}::timestamptz[]) as q(dataset_id, queued_at)
    join dataset_event e on e."datasetId" = q.dataset_id and e."createdAt" >= q.queued_at
    on conflict do nothing`;
}
