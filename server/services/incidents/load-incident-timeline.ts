import type { TDb } from '../../db/sql';
import { buildIncidentTimeline, type TTimelineDelivery, type TTimelineEntry, type TTimelineEvent } from '../../domain/incidents/incident-timeline';
import { AppError } from '../app-error';
import { actorLabels, type TIncidentRow } from './incident-view';

/** A storm can write thousands of events; the page shows the first ones and says so. */
export const TIMELINE_EVENT_LIMIT = 2_000;

export type TIncidentTimelineFacts = {
  workspaceSlug: string;
  events: TTimelineEvent[];
  deliveries: TTimelineDelivery[];
  timeline: TTimelineEntry[];
  resolvingRunId: string | null;
};

/**
 * What an incident's timeline is built from: the state-change events of its DAG's runs between
 * its opening and its resolution (or now), and its alert deliveries. Takes a transaction, so the
 * relay can write the post-mortem draft in the same one that resolves the incident.
 */
export async function loadIncidentTimeline(db: TDb, workspaceId: string, row: TIncidentRow, now: Date): Promise<TIncidentTimelineFacts> {
  const until = row.resolvedAt ?? now;
  // One after the other: `db` may be the relay's transaction, whose connection runs one query at a time.
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { slug: true } });
  const events = await db.$queryRaw<TTimelineEvent[]>`
    select e."createdAt" as at, e.reason, e."fromState", e."toState", e.actor, r."runId", r."logicalDate", ti."taskId", e."tryNumber"
    from state_change_event e
    join dag_run r on r.id = e."dagRunId"
    left join task_instance ti on ti.id = e."taskInstanceId"
    where r."dagPk" = ${row.dagPk} and e."workspaceId" = ${workspaceId}
      and e."createdAt" >= ${row.openedAt} and e."createdAt" <= ${until}
    order by e."createdAt", e.id
    limit ${TIMELINE_EVENT_LIMIT}`;
  const deliveries = await db.$queryRaw<TTimelineDelivery[]>`
    select coalesce(a."sentAt", a."updatedAt") as at, a.kind, a.state,
      coalesce(c.name, regexp_replace(a.target, '^(email|channel):', '')) as target, a.attempts, a."lastError" as error
    from alert_delivery a left join alert_channel c on c.id = a."channelId"
    where a."incidentId" = ${row.id} and a."workspaceId" = ${workspaceId}
    order by a."createdAt", a.id`;
  const resolvingRun = row.resolvingDagRunId ? await db.dagRun.findFirst({ where: { id: row.resolvingDagRunId, workspaceId }, select: { runId: true } }) : null;
  const labels = await actorLabels(db, workspaceId, [row.acknowledgedById, row.resolvedById]);
  if (!workspace) throw new AppError('not_found', `Workspace '${workspaceId}' does not exist.`);
  const label = (id: string | null) => (id === null ? null : (labels.get(id) ?? 'a removed user'));
  const resolvingRunId = resolvingRun?.runId ?? null;
  const timeline = buildIncidentTimeline(
    {
      incident: {
        id: row.id,
        workspace: workspace.slug,
        dagId: row.dagId,
        openedAt: row.openedAt,
        acknowledgedAt: row.acknowledgedAt,
        acknowledgedBy: label(row.acknowledgedById),
        resolvedAt: row.resolvedAt,
        resolvedBy: label(row.resolvedById),
        resolvingRunId,
      },
      events,
      deliveries,
    },
    now,
  );
  return { workspaceSlug: workspace.slug, events, deliveries, timeline, resolvingRunId };
}
