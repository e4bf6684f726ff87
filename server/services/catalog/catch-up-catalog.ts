import type { PrismaClient } from '../../db/client';
import { loadDagVersion } from '../dags/load-dag-version';
import { sqlParser, syncDagDatasets } from './sync-dag-datasets';

/** DAGs synced per transaction: a long catch-up never holds many DAG rows at once. */
const BATCH = 20;

type TStaleDag = { id: string; workspaceId: string; currentVersionId: string };

/**
 * Syncs the catalog of every DAG whose current version it has not seen: versions deployed before
 * the catalog existed, or before a change of dataset identity emptied it. A deploy syncs its own
 * version in its transaction; this covers the rest, in the scheduler process at start. Each DAG
 * is locked and its current version read again under the lock, so a deploy racing the catch-up
 * wins and is never overwritten by an older version's edges. A version that no longer parses is
 * skipped (and stays stale until its next deploy). Stops between DAGs when asked; returns how
 * many DAGs were synced.
 */
export async function catchUpCatalog(
  db: PrismaClient,
  options: { onUnloadable: (dag: TStaleDag, error: unknown) => void; isStopping?: () => boolean },
): Promise<number> {
  await sqlParser();
  let synced = 0;
  const skipped = new Set<string>();
  for (;;) {
    const stale = await db.$queryRaw<TStaleDag[]>`
      select id, "workspaceId", "currentVersionId" from dag
      where "currentVersionId" is not null and "catalogSyncedVersionId" is distinct from "currentVersionId"
        and not (id = any(${[...skipped]}::text[]))
      order by id limit ${BATCH}`;
    if (stale.length === 0) return synced;
    for (const dag of stale) {
      if (options.isStopping?.() === true) return synced;
      const spec = await loadDagVersion(db, dag.currentVersionId).catch((error: unknown) => {
        options.onUnloadable(dag, error);
        skipped.add(dag.id);
        return null;
      });
      if (spec === null) continue;
      const done = await db.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<{ currentVersionId: string | null }[]>`
          select "currentVersionId" from dag where id = ${dag.id} for update`;
        if (locked?.currentVersionId !== dag.currentVersionId) return false;
        await syncDagDatasets(tx, { workspaceId: dag.workspaceId, dagPk: dag.id, dagVersionId: dag.currentVersionId, spec });
        return true;
      });
      if (done) synced += 1;
    }
  }
}
