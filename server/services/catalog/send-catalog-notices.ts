import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import type { TAlertKind } from '../../domain/alerts/alert-message';
import { reviewAskMessage } from '../../domain/catalog/review-ask';
import { datasetAlertTargets, sendDatasetAlert } from './dataset-alerts';
import { datasetShortFormSql } from './dataset-view';

type TNoticeDataset = { id: string; workspaceId: string; shortForm: string; slug: string; workspaceName: string };
type TNoticeDag = { dagPk: string; dagId: string; owner: string | null; versionId: string | null };
type TNotice = { kind: TAlertKind; dataset: TNoticeDataset; dag: TNoticeDag | null; errorMessage: string | null; dedupeKey: string };

/**
 * The catalog's notices, sent from the catalog loop because the web process has no delivery
 * path: a deprecated dataset tells each DAG that reads it (once), and a dataset whose review
 * date has passed asks its producer "still needed?" (once per review date). Each dataset is
 * claimed compare-and-set in the transaction that creates its deliveries, so two passes racing
 * send once. Returns how many datasets were announced or asked.
 */
export async function sendCatalogNotices(db: PrismaClient, boss: PgBoss, now: Date): Promise<number> {
  return (await announceDeprecations(db, boss, now)) + (await askForReviews(db, boss, now));
}

const DATASET_COLUMNS = `ds.id, ds."workspaceId", ${datasetShortFormSql('ds').sql} as "shortForm", w.slug, w.name as "workspaceName"`;

async function announceDeprecations(db: PrismaClient, boss: PgBoss, now: Date): Promise<number> {
  const datasets = await db.$queryRawUnsafe<(TNoticeDataset & { note: string | null; deprecatedAt: Date })[]>(`
    select ${DATASET_COLUMNS}, ds."deprecationNote" as note, ds."deprecatedAt"
    from dataset ds join workspace w on w.id = ds."workspaceId"
    where ds."deprecatedAt" is not null and ds."deprecationNotifiedAt" is null
    order by ds."deprecatedAt" limit 100`);
  let sent = 0;
  for (const dataset of datasets) {
    const consumers = await datasetDags(db, dataset, 'read');
    const notices = consumers.map((dag): TNotice => ({
      kind: 'deprecation', dataset, dag,
      errorMessage: dataset.note ? `Note: ${dataset.note}` : null,
      // Per deprecation: one taken back and made again is announced again.
      dedupeKey: `deprecation:${dataset.id}:${dag.dagPk}:${dataset.deprecatedAt.toISOString()}`,
    }));
    const claimed = await sendClaimed(db, boss, notices, now, (tx) =>
      tx.dataset.updateMany({ where: { id: dataset.id, deprecationNotifiedAt: null, deprecatedAt: { not: null } }, data: { deprecationNotifiedAt: now } }));
    if (claimed) sent += 1;
  }
  return sent;
}

type TReviewRow = TNoticeDataset & { requestedBy: string | null; requestedReason: string | null; reviewAfter: Date; reviewAskedAt: Date | null };

async function askForReviews(db: PrismaClient, boss: PgBoss, now: Date): Promise<number> {
  // Due once its date has passed; asked again only when the date was moved after the last ask.
  const datasets = await db.$queryRawUnsafe<TReviewRow[]>(`
    select ${DATASET_COLUMNS}, ds."requestedBy", ds."requestedReason", ds."reviewAfter", ds."reviewAskedAt"
    from dataset ds join workspace w on w.id = ds."workspaceId"
    where ds."deprecatedAt" is null and ds."reviewAfter" < ($1::timestamptz at time zone 'UTC')::date
      and (ds."reviewAskedAt" is null or ds."reviewAskedAt" < ds."reviewAfter")
    order by ds."reviewAfter" limit 100`, now);
  let sent = 0;
  for (const dataset of datasets) {
    const [producer = null] = await datasetDags(db, dataset, 'write');
    const due = dataset.reviewAfter.toISOString().slice(0, 10);
    const notice: TNotice = {
      kind: 'review', dataset, dag: producer,
      errorMessage: reviewAskMessage({ requestedBy: dataset.requestedBy, requestedReason: dataset.requestedReason, reviewAfter: due }),
      dedupeKey: `review:${dataset.id}:${due}`,
    };
    const claimed = await sendClaimed(db, boss, [notice], now, (tx) =>
      tx.dataset.updateMany({ where: { id: dataset.id, reviewAfter: dataset.reviewAfter, reviewAskedAt: dataset.reviewAskedAt }, data: { reviewAskedAt: now } }));
    if (claimed) sent += 1;
  }
  return sent;
}

/** The DAGs that read (or write) a dataset, in DAG id order, with their current version for their alert targets. */
async function datasetDags(db: PrismaClient, dataset: TNoticeDataset, direction: 'read' | 'write'): Promise<TNoticeDag[]> {
  const dags = await db.dag.findMany({
    where: { workspaceId: dataset.workspaceId, datasetEdges: { some: { datasetId: dataset.id, direction } } },
    select: { id: true, dagId: true, owner: true, currentVersionId: true },
    orderBy: { dagId: 'asc' },
  });
  return dags.map((dag) => ({ dagPk: dag.id, dagId: dag.dagId, owner: dag.owner, versionId: dag.currentVersionId }));
}

type TTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Claims the dataset and, only if this pass won it, creates and enqueues the notices' deliveries in the same transaction. */
async function sendClaimed(db: PrismaClient, boss: PgBoss, notices: TNotice[], now: Date, claim: (tx: TTx) => Promise<{ count: number }>): Promise<boolean> {
  const targets = await Promise.all(notices.map((notice) => datasetAlertTargets(db, notice.dag?.versionId ?? null)));
  return db.$transaction(async (tx) => {
    if ((await claim(tx)).count === 0) return false;
    for (const [index, notice] of notices.entries()) {
      const { dataset, dag } = notice;
      await sendDatasetAlert(tx, boss, {
        kind: notice.kind, workspaceId: dataset.workspaceId, workspace: { slug: dataset.slug, name: dataset.workspaceName },
        dataset: { id: dataset.id, name: dataset.shortForm }, dag, errorMessage: notice.errorMessage, dedupeKey: notice.dedupeKey, targets: targets[index]!,
      }, now);
    }
    return true;
  });
}
