import { incidentHref, runHref, taskHref } from '../links';

export const TIMELINE_KINDS = ['opened', 'failure', 'retry', 'clear', 'mark', 'run', 'alert', 'acknowledged', 'resolved'] as const;
export type TTimelineKind = (typeof TIMELINE_KINDS)[number];

/** One line of an incident's timeline; `link` is a path inside the app (the try's log for a failure). */
export type TTimelineEntry = { at: Date; kind: TTimelineKind; text: string; actor: string | null; link: string | null };

/** A state-change event of one of the DAG's runs, with the names it concerns. */
export type TTimelineEvent = {
  at: Date;
  reason: string;
  fromState: string;
  toState: string;
  actor: string | null;
  runId: string;
  logicalDate: Date;
  /** Null for an event of the run itself. */
  taskId: string | null;
  tryNumber: number | null;
};

export type TTimelineDelivery = {
  at: Date;
  kind: string;
  state: string;
  /** The channel's name, or the address for a spec's `email`. */
  target: string;
  attempts: number;
  error: string | null;
};

export type TTimelineIncident = {
  id: string;
  workspace: string;
  dagId: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  /** Who resolved it by hand; null when a successful run did. */
  resolvedBy: string | null;
  resolvingRunId: string | null;
};

const FAILURE_REASONS: Record<string, string> = { task_failed: 'failed', timeout: 'timed out', zombie: 'was lost (no heartbeat)' };

/**
 * An incident's timeline: when it opened, every failure, retry, clear, mark and run end of the
 * DAG's runs between its opening and its resolution (or `now`), the alerts sent about it, its
 * acknowledgement and its resolution, oldest first. Events that only move the engine along
 * (a task's success, upstream_failed, skips) are left out: they are the consequences, not the
 * story. Entries at the same instant keep the order above (the failure before the opening it caused).
 */
export function buildIncidentTimeline(
  input: { incident: TTimelineIncident; events: readonly TTimelineEvent[]; deliveries: readonly TTimelineDelivery[] },
  now: Date,
): TTimelineEntry[] {
  const { incident } = input;
  const until = incident.resolvedAt ?? now;
  const inWindow = (at: Date) => at.getTime() >= incident.openedAt.getTime() && at.getTime() <= until.getTime();
  const entries: TTimelineEntry[] = [];
  for (const event of input.events) {
    if (!inWindow(event.at)) continue;
    const entry = eventEntry(incident, event);
    if (entry) entries.push(entry);
  }
  entries.push({ at: incident.openedAt, kind: 'opened', text: `Incident opened: ${incident.dagId} is failing`, actor: null, link: incidentHref(incident.workspace, incident.id) });
  for (const delivery of input.deliveries) entries.push(deliveryEntry(delivery));
  if (incident.acknowledgedAt) {
    entries.push({ at: incident.acknowledgedAt, kind: 'acknowledged', text: `Acknowledged by ${incident.acknowledgedBy ?? 'someone'}`, actor: incident.acknowledgedBy, link: null });
  }
  if (incident.resolvedAt) entries.push(resolvedEntry(incident, incident.resolvedAt));
  return stableSortByTime(entries);
}

function eventEntry(incident: TTimelineIncident, event: TTimelineEvent): TTimelineEntry | null {
  return event.taskId === null ? runEventEntry(incident, event) : taskEventEntry(incident, event, event.taskId);
}

function taskEventEntry(incident: TTimelineIncident, event: TTimelineEvent, taskId: string): TTimelineEntry | null {
  const where = `${taskId} in ${event.runId}`;
  const tryLink = taskHref(incident.workspace, incident.dagId, event.runId, taskId, event.tryNumber === null ? {} : { tryNumber: event.tryNumber });
  const tryText = event.tryNumber === null ? '' : ` (try ${event.tryNumber})`;
  if (event.reason === 'cleared') return { at: event.at, kind: 'clear', text: `${where} cleared${byActor(event)}`, actor: event.actor, link: taskHref(incident.workspace, incident.dagId, event.runId, taskId) };
  if (event.reason === 'marked') return { at: event.at, kind: 'mark', text: `${where} marked ${event.toState}${byActor(event)}`, actor: event.actor, link: tryLink };
  const how = FAILURE_REASONS[event.reason];
  if (how === undefined) return null;
  if (event.toState === 'failed') return { at: event.at, kind: 'failure', text: `${where} ${how}${tryText}`, actor: null, link: tryLink };
  if (event.toState === 'up_for_retry') return { at: event.at, kind: 'retry', text: `${where} ${how}${tryText}; it will retry`, actor: null, link: tryLink };
  return null;
}

function runEventEntry(incident: TTimelineIncident, event: TTimelineEvent): TTimelineEntry | null {
  const link = runHref(incident.workspace, incident.dagId, event.runId);
  const run = `Run ${event.runId}`;
  switch (event.reason) {
    case 'run_succeeded': {
      const recovered = event.runId === incident.resolvingRunId ? ': recovered' : '';
      return { at: event.at, kind: 'run', text: `${run} succeeded${recovered}`, actor: null, link };
    }
    case 'run_failed':
      return { at: event.at, kind: 'run', text: `${run} failed`, actor: null, link };
    case 'run_timeout':
      return { at: event.at, kind: 'run', text: `${run} failed: dagrun_timeout`, actor: null, link };
    case 'marked':
      return { at: event.at, kind: 'mark', text: `${run} marked ${event.toState}${byActor(event)}`, actor: event.actor, link };
    case 'cleared':
      return { at: event.at, kind: 'clear', text: `${run} cleared${byActor(event)}`, actor: event.actor, link };
    default:
      return null;
  }
}

function deliveryEntry(delivery: TTimelineDelivery): TTimelineEntry {
  const tries = delivery.attempts === 1 ? '1 attempt' : `${delivery.attempts} attempts`;
  const error = delivery.error ? `: ${delivery.error}` : '';
  return { at: delivery.at, kind: 'alert', text: `${capitalise(delivery.kind)} alert to ${delivery.target} ${delivery.state} (${tries})${error}`, actor: null, link: null };
}

function resolvedEntry(incident: TTimelineIncident, at: Date): TTimelineEntry {
  if (incident.resolvedBy !== null) return { at, kind: 'resolved', text: `Resolved by ${incident.resolvedBy}`, actor: incident.resolvedBy, link: null };
  const run = incident.resolvingRunId;
  return {
    at,
    kind: 'resolved',
    text: run === null ? 'Resolved' : `Resolved: run ${run} succeeded`,
    actor: null,
    link: run === null ? null : runHref(incident.workspace, incident.dagId, run),
  };
}

function byActor(event: TTimelineEvent): string {
  return event.actor ? ` by ${event.actor}` : '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stableSortByTime(entries: TTimelineEntry[]): TTimelineEntry[] {
  const rank = (kind: TTimelineKind) => TIMELINE_KINDS.indexOf(kind);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || orderAtSameTime(a.entry, b.entry, rank) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** At one instant: what happened to tasks before what the incident made of it. */
function orderAtSameTime(a: TTimelineEntry, b: TTimelineEntry, rank: (kind: TTimelineKind) => number): number {
  const group = (kind: TTimelineKind) => (kind === 'opened' || kind === 'alert' || kind === 'acknowledged' || kind === 'resolved' ? 1 : 0);
  return group(a.kind) - group(b.kind) || (group(a.kind) === 1 ? rank(a.kind) - rank(b.kind) : 0);
}
