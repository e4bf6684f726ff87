import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import { buildAlertMessage } from '../../domain/alerts/build-alert-message';
import { alertDedupeKey } from '../../domain/alerts/decide-alerts';
import { loadDagVersion } from '../dags/load-dag-version';
import { alertPublicUrl } from './alert-facts';
import { createDeliveries, enqueueDeliveries } from './create-deliveries';

type TActiveRun = {
  id: string; runId: string; logicalDate: Date; dueAt: Date; workspaceId: string; dagVersionId: string;
  dagPk: string; dagId: string; slug: string; name: string;
};

/**
 * A DAG's `sla` (Airflow 3's deadline alerts): a run still unfinished that long after it was due
 * (its run_after, or when it was queued if later: a backfill's old run is not late the moment it
 * is created) alerts the DAG's on_failure channels once. Returns how many runs missed their SLA.
 */
export async function alertSlaMisses(db: PrismaClient, boss: PgBoss, now: Date): Promise<number> {
  const runs = await db.$queryRaw<TActiveRun[]>`
    select r.id, r."runId", r."logicalDate", greatest(r."runAfter", r."queuedAt") as "dueAt", r."workspaceId", r."dagVersionId",
           d.id as "dagPk", d."dagId", w.slug, w.name
    from dag_run r join dag d on d.id = r."dagPk" join workspace w on w.id = r."workspaceId"
    where r.state in ('queued', 'running')
      and not exists (select 1 from alert_delivery a where a."dagRunId" = r.id and a.kind = 'sla')`;
  let missed = 0;
  for (const run of runs) {
    const spec = await loadDagVersion(db, run.dagVersionId).catch(() => null);
    if (!spec?.sla || run.dueAt.getTime() + spec.sla * 1000 > now.getTime()) continue;
    const dedupeKey = alertDedupeKey('sla', { workspace: run.slug, dagId: run.dagId, taskId: null, runId: run.runId, tryNumber: null });
    const message = buildAlertMessage({
      kind: 'sla', workspace: { slug: run.slug, name: run.name }, dagId: run.dagId, taskId: null, runId: run.runId, logicalDate: run.logicalDate,
      tryNumber: null, maxTries: null, durationSeconds: (now.getTime() - run.dueAt.getTime()) / 1000, owner: spec.owner, ownerSlackUserId: null,
      logTail: [], logLineCount: 0, incidentId: null, recoveredAfterSeconds: null,
      errorMessage: `The run is not finished ${Math.round(spec.sla / 60)} min after it was due.`, dedupeKey, publicUrl: alertPublicUrl(),
    });
    const targets = spec.default_args.on_failure ?? ['default'];
    await db.$transaction(async (tx) => {
      const refs = { incidentId: null, dagPk: run.dagPk, dagRunId: run.id, taskInstanceId: null, tryNumber: null };
      const jobs = await createDeliveries(tx, { workspaceId: run.workspaceId, targets, kind: 'sla', dedupeKey, message, refs, now });
      await enqueueDeliveries(boss, tx, jobs);
    });
    missed += 1;
  }
  return missed;
}
