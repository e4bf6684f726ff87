import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import { freshnessMessage, freshnessState, freshnessThresholds, type TFreshnessState, type TFreshnessThresholds } from '../../domain/catalog/freshness';
import { datasetAlertTargets, sendDatasetAlert } from './dataset-alerts';
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
  const targets = state === 'late' || state === 'stale' ? await datasetAlertTargets(db, dataset.versionId) : [];
  return db.$transaction(async (tx) => {
    const moved = await tx.dataset.updateMany({
      where: { id: dataset.id, freshnessState: dataset.state },
      data: { freshnessState: state, freshnessStateSince: state === null ? null : now },
    });
    if (moved.count === 0 || targets.length === 0 || state === null || state === 'fresh') return moved.count > 0;
    const shortForm = datasetShortForm(dataset);
    await sendDatasetAlert(tx, boss, {
      kind: 'freshness', workspaceId: dataset.workspaceId, workspace: { slug: dataset.slug, name: dataset.workspaceName },
      dataset: { id: dataset.id, name: shortForm, state },
      dag: dataset.dagPk === null || dataset.dagId === null ? null : { dagPk: dataset.dagPk, dagId: dataset.dagId, owner: null },
      errorMessage: freshnessMessage(shortForm, state, dataset.lastUpdatedAt, thresholds),
      dedupeKey: `freshness:${dataset.id}:${state}:${now.toISOString()}`, targets,
    }, now);
    return true;
  });
}
