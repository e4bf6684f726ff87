import type { PgBoss } from 'pg-boss';
import { Prisma, type PrismaClient } from '../../db/client';
import type { TDb } from '../../db/sql';
import { buildAlertMessage } from '../../domain/alerts/build-alert-message';
import { alertDedupeKey, decideAlerts } from '../../domain/alerts/decide-alerts';
import { loadEventContext, type TEventContext, type TRelayedEvent } from './alert-event-context';
import { recoveryAlertFacts, taskAlertFacts } from './alert-facts';
import { createDeliveries, enqueueDeliveries, type TDeliveryJob } from './create-deliveries';
import { openOrJoinIncident, resolveIncident, type TIncidentRef } from './incident-transitions';
import { createPostmortemDraft } from '../incidents/create-postmortem-draft';
import { committedEventsAfter, hasCommittedEventsAfter, lockRelayCursor, moveRelayCursor } from '../state-events/committed-events';

const BATCH_SIZE = 500;
const EVENT_COLUMNS = Prisma.sql`id::text, txid::text, "workspaceId", "dagRunId", "taskInstanceId", "tryNumber", "fromState", "toState", reason, actor, "createdAt"`;

/**
 * The alert relay: reads the state-change events committed since its last pass, in an order no
 * later commit can precede (an event's transaction id is below every transaction still open),
 * and turns those that matter into incidents and alert deliveries. The deliveries' pg-boss jobs,
 * the incidents and the cursor's move commit together: an event is relayed exactly once, and
 * nothing of alerting runs inside the engine's own statements. Returns how many events it read.
 */
export async function relayStateEvents(db: PrismaClient, boss: PgBoss, now: () => Date = () => new Date()): Promise<{ events: number; deliveries: number }> {
  // An idle relay only reads: no transaction, no lock, no transaction id spent per poll.
  if (!(await hasCommittedEventsAfter(db, 'alert_relay_cursor'))) return { events: 0, deliveries: 0 };
  return db.$transaction(async (tx) => {
    const cursor = await lockRelayCursor(tx, 'alert_relay_cursor');
    if (!cursor) return { events: 0, deliveries: 0 };
    const events = await committedEventsAfter<TRelayedEvent>(tx, cursor, EVENT_COLUMNS, BATCH_SIZE);
    if (events.length === 0) return { events: 0, deliveries: 0 };
    const context = await loadEventContext(tx, events);
    const jobs: TDeliveryJob[] = [];
    for (const event of events) jobs.push(...(await relayEvent(tx, context, event, now())));
    await enqueueDeliveries(boss, tx, jobs);
    const last = events.at(-1)!;
    await moveRelayCursor(tx, 'alert_relay_cursor', last);
    return { events: events.length, deliveries: jobs.length };
  }, { timeout: 30_000 });
}

/** One event: its incident move, then its alerts (a resolve also sends the recovery). */
async function relayEvent(tx: TDb, context: TEventContext, event: TRelayedEvent, now: Date): Promise<TDeliveryJob[]> {
  const run = context.runs.get(event.dagRunId);
  if (!run) return [];
  const task = event.taskInstanceId ? context.tasks.get(event.taskInstanceId) ?? null : null;
  const decision = decideAlerts(event, task);
  let incident: TIncidentRef | null = null;
  if (decision.incident === 'open_or_join') incident = await openOrJoinIncident(tx, run, event);
  if (decision.incident === 'resolve') incident = await resolveIncident(tx, run, event);
  if (decision.incident === 'resolve' && incident) await createPostmortemDraft(tx, run.workspaceId, incident.id, now);
  const jobs: TDeliveryJob[] = [];
  const refs = { incidentId: incident?.id ?? null, dagPk: run.dagPk, dagRunId: run.id, taskInstanceId: task?.id ?? null, tryNumber: event.tryNumber };
  for (const alert of decision.alerts) {
    if (!task) continue;
    const dedupeKey = alertDedupeKey(alert.kind, { workspace: run.workspace.slug, dagId: run.dagId, taskId: task.taskId, runId: run.runId, tryNumber: event.tryNumber });
    const message = buildAlertMessage(await taskAlertFacts(tx, { kind: alert.kind, run, task, event, incidentId: incident?.id ?? null, dedupeKey }));
    jobs.push(...(await createDeliveries(tx, { workspaceId: run.workspaceId, targets: alert.targets, kind: alert.kind, dedupeKey, message, refs, now })));
  }
  if (decision.incident === 'resolve' && incident) {
    const dedupeKey = `recovery:${incident.id}`;
    const targets = await recoveryTargets(tx, incident.id, run.spec?.tasks.flatMap((t) => t.alerts.on_recovery ?? []) ?? []);
    const message = buildAlertMessage(recoveryAlertFacts({ run, incident, dedupeKey }));
    jobs.push(...(await createDeliveries(tx, { workspaceId: run.workspaceId, targets, kind: 'recovery', dedupeKey, message, refs, now })));
  }
  return jobs;
}

/** A recovery goes wherever the incident's failures were announced (so it can edit the first message), and to every on_recovery channel. */
async function recoveryTargets(tx: TDb, incidentId: string, onRecovery: string[]): Promise<string[]> {
  const rows = await tx.$queryRaw<{ target: string }[]>`
    select distinct target from alert_delivery where "incidentId" = ${incidentId} and kind = 'failure' and state <> 'skipped'`;
  const announced = rows.map((row) => (row.target.startsWith('channel:') ? row.target.slice('channel:'.length) : row.target));
  return [...new Set([...announced, ...onRecovery])];
}
