import type { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import type { TDatasetRef } from '../../domain/dag/dataset-ref';
import { conditionDatasets } from '../../domain/dag/dataset-schedule';
import type { TDag } from '../../domain/dag/normalize-dag';
import { datasetName } from './dag-dataset-edges';
import { datasetIdentity, namingConnections } from './sync-dag-datasets';

/** Each ref's dataset key (as the catalog names it), or null for a ref that names no table. */
export async function datasetKeysOf(tx: TDb, workspaceId: string, refs: readonly TDatasetRef[]): Promise<(string | null)[]> {
  const connections = await namingConnections(tx as Prisma.TransactionClient, workspaceId, refs.map((ref) => ref.conn_id));
  return refs.map((ref) => {
    const name = datasetName(ref.table);
    return name === null ? null : datasetIdentity(connections.get(ref.conn_id), ref.conn_id, name).key;
  });
}

/**
 * Replaces the datasets a DAG's current version waits for (`schedule: {datasets: ...}`) in the
 * deploy's transaction, registering the datasets not yet known. A DAG no longer scheduled on
 * data loses its refs and its queued updates.
 */
export async function syncDatasetSchedule(tx: Prisma.TransactionClient, input: { workspaceId: string; dagPk: string; dagVersionId: string; spec: TDag }): Promise<void> {
  await tx.$executeRaw`delete from dataset_schedule_ref where "dagPk" = ${input.dagPk}`;
  const condition = input.spec.dataset_schedule;
  if (condition === null) {
    await tx.$executeRaw`delete from dataset_dag_run_queue where "dagPk" = ${input.dagPk}`;
    return;
  }
  const refs = conditionDatasets(condition);
  const connections = await namingConnections(tx, input.workspaceId, refs.map((ref) => ref.conn_id));
  const rows = refs.flatMap((ref) => {
    const name = datasetName(ref.table);
    return name === null ? [] : [datasetIdentity(connections.get(ref.conn_id), ref.conn_id, name)];
  });
  if (rows.length === 0) return;
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
  await tx.$executeRaw`
    insert into dataset (id, "workspaceId", "connId", key, name, namespace, "olName", "lastSeenVersionId", "updatedAt")
    select gen_random_uuid()::text, ${input.workspaceId}, d.conn_id, d.key, d.name, d.namespace, d.ol_name, ${input.dagVersionId}, clock_timestamp()
    from unnest(${column('connId')}::text[], ${column('key')}::text[], ${column('name')}::text[], ${column('namespace')}::text[], ${column('olName')}::text[])
      as d(conn_id, key, name, namespace, ol_name)
    on conflict ("workspaceId", key) do nothing`;
  await tx.$executeRaw`
    insert into dataset_schedule_ref ("dagPk", "datasetId", "workspaceId")
    select ${input.dagPk}, ds.id, ${input.workspaceId} from dataset ds
    where ds."workspaceId" = ${input.workspaceId} and ds.key = any(${column('key')}::text[])
    on conflict do nothing`;
  // Updates queued for datasets the new version no longer waits for would never be consumed.
  await tx.$executeRaw`
    delete from dataset_dag_run_queue q where q."dagPk" = ${input.dagPk}
      and not exists (select 1 from dataset_schedule_ref r where r."dagPk" = q."dagPk" and r."datasetId" = q."datasetId")`;
}
