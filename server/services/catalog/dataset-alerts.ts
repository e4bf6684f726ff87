import type { PgBoss } from 'pg-boss';
import type { Prisma, PrismaClient } from '../../db/client';
import type { TAlertKind } from '../../domain/alerts/alert-message';
import { buildAlertMessage } from '../../domain/alerts/build-alert-message';
import { alertPublicUrl } from '../alerts/alert-facts';
import { createDeliveries, enqueueDeliveries } from '../alerts/create-deliveries';
import { loadDagVersion } from '../dags/load-dag-version';

/** An alert about a dataset (freshness, deprecation, review), sent for a DAG that writes or reads it. */
export type TDatasetAlert = {
  kind: TAlertKind;
  workspaceId: string;
  workspace: { slug: string; name: string };
  dataset: { id: string; name: string; state?: 'late' | 'stale' };
  dag: { dagPk: string; dagId: string; owner: string | null } | null;
  errorMessage: string | null;
  dedupeKey: string;
  targets: string[];
};

/** The DAG's on_failure channels (as its SLA misses use), else the workspace's default channels. */
export async function datasetAlertTargets(db: PrismaClient, versionId: string | null): Promise<string[]> {
  const spec = versionId === null ? null : await loadDagVersion(db, versionId).catch(() => null);
  return spec?.default_args.on_failure ?? ['default'];
}

/** Creates the alert's deliveries and their jobs in the caller's transaction (which also moved the dataset's state). */
export async function sendDatasetAlert(tx: Prisma.TransactionClient, boss: PgBoss, alert: TDatasetAlert, now: Date): Promise<void> {
  const { dag, dataset } = alert;
  const message = buildAlertMessage({
    kind: alert.kind, workspace: alert.workspace, dagId: dag?.dagId ?? dataset.name, taskId: null, runId: null,
    logicalDate: null, tryNumber: null, maxTries: null, durationSeconds: null, owner: dag?.owner ?? null, ownerSlackUserId: null, logTail: [], logLineCount: 0,
    incidentId: null, recoveredAfterSeconds: null, errorMessage: alert.errorMessage, dataset, dedupeKey: alert.dedupeKey, publicUrl: alertPublicUrl(),
  });
  const refs = { incidentId: null, dagPk: dag?.dagPk ?? null, dagRunId: null, taskInstanceId: null, tryNumber: null };
  const jobs = await createDeliveries(tx, { workspaceId: alert.workspaceId, targets: alert.targets, kind: alert.kind, dedupeKey: alert.dedupeKey, message, refs, now });
  await enqueueDeliveries(boss, tx, jobs);
}
