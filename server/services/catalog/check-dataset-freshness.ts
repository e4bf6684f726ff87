import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import { buildAlertMessage } from '../../domain/alerts/build-alert-message';
import { freshnessMessage, freshnessState, freshnessThresholds, type TFreshnessState, type TFreshnessThresholds } from '../../domain/catalog/freshness';
import { loadDagVersion } from '../dags/load-dag-version';
import { alertPublicUrl } from '../alerts/alert-facts';
import { createDeliveries, enqueueDeliveries } from '../alerts/create-deliveries';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

type TWatchedDataset = {
  id: string; workspaceId: string; connId: string; name: string;
  warnAfterSeconds: number | null; errorAfterSeconds: number | null;
  state: TFreshnessState | null; lastUpdatedAt: Date | null; createdAt: Date;
  dagPk: string | null; dagId: string | null; schedule: string | null; timezone: string | null; versionId: string | null;
  slug: string; workspaceName: string;
};

/**
 * The freshness pass: each dataset with a policy, or with a producing DAG on a cron schedule,
 * is fresh, late or stale by `domain/catalog/freshness.ts`. Entering late or stale alerts the
 * producing DAG's on_failure channels once per entry (the dedupe key holds the entry's time);
 * going back to fresh is quiet. The state moves compare-and-set, so two passes racing alert
 * once. Returns the datasets whose state changed.
 */
export async function checkDatasetFreshness(db: PrismaClient, boss: PgBoss, now: Date): Promise<number> {
  const datasets = await db.$queryRaw<TWatchedDataset[]>`
    select ds.id, ds."workspaceId", ds."connId", ds.name, ds."freshnessWarnAfterSeconds" as "warnAfterSeconds",
           ds."freshnessErrorAfterSeconds" as "errorAfterSeconds", ds."freshnessState" as state, ds."lastUpdatedAt", ds."createdAt",
           p."dagPk", p."dagId", p.schedule, p.timezone, p."versionId", w.slug, w.name as "workspaceName"
    from dataset ds
    join workspace w on w.id = ds."workspaceId"
    left join lateral (
      select d.id as "dagPk", d."dagId", d.schedule, d.timezone, d."currentVersionId" as "versionId"
      from dataset_edge e join dag d on d.id = e."dagPk"
      where e."datasetId" = ds.id and e.direction = 'write' order by d."dagId" limit 1
    ) p on true
    where ds."deprecatedAt" is null
      and (ds."freshnessWarnAfterSeconds" is not null or ds."freshnessErrorAfterSeconds" is not null or p.schedule is not null or ds."freshnessState" is not null)`;
  let changed = 0;
  for (const dataset of datasets) {
    const producer = dataset.timezone === null ? null : { schedule: dataset.schedule, timezone: dataset.timezone };
    const thresholds = freshnessThresholds({ warnAfterSeconds: dataset.warnAfterSeconds, errorAfterSeconds: dataset.errorAfterSeconds }, producer, now);
    const state = freshnessState(thresholds, dataset.lastUpdatedAt ?? dataset.createdAt, now);
    if (state === dataset.state) continue;
    if (await moveFreshness(db, boss, dataset, state, thresholds, now)) changed += 1;
  }
  return changed;
}

async function moveFreshness(db: PrismaClient, boss: PgBoss, dataset: TWatchedDataset, state: TFreshnessState | null, thresholds: TFreshnessThresholds, now: Date): Promise<boolean> {
  const targets = state === 'late' || state === 'stale' ? await alertTargets(db, dataset.versionId) : [];
  return db.$transaction(async (tx) => {
    const moved = await tx.dataset.updateMany({
      where: { id: dataset.id, freshnessState: dataset.state },
      data: { freshnessState: state, freshnessStateSince: state === null ? null : now },
    });
    if (moved.count === 0 || targets.length === 0 || state === null || state === 'fresh') return moved.count > 0;
    const shortForm = datasetShortForm(dataset);
    const dedupeKey = `freshness:${dataset.id}:${state}:${now.toISOString()}`;
    const message = buildAlertMessage({
      kind: 'freshness', workspace: { slug: dataset.slug, name: dataset.workspaceName }, dagId: dataset.dagId ?? shortForm, taskId: null, runId: null,
      logicalDate: null, tryNumber: null, maxTries: null, durationSeconds: null, owner: null, ownerSlackUserId: null, logTail: [], logLineCount: 0,
      incidentId: null, recoveredAfterSeconds: null, errorMessage: freshnessMessage(shortForm, state, dataset.lastUpdatedAt, thresholds),
      dataset: { id: dataset.id, name: shortForm, state }, dedupeKey, publicUrl: alertPublicUrl(),
    });
    const refs = { incidentId: null, dagPk: dataset.dagPk, dagRunId: null, taskInstanceId: null, tryNumber: null };
    const jobs = await createDeliveries(tx, { workspaceId: dataset.workspaceId, targets, kind: 'freshness', dedupeKey, message, refs, now });
    await enqueueDeliveries(boss, tx, jobs);
    return true;
  });
}

/** The producing DAG's on_failure channels (as its SLA misses use), else the workspace's default channels. */
async function alertTargets(db: PrismaClient, versionId: string | null): Promise<string[]> {
  const spec = versionId === null ? null : await loadDagVersion(db, versionId).catch(() => null);
  return spec?.default_args.on_failure ?? ['default'];
}
