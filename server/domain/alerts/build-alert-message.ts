import { formatDuration } from '../duration';
import { datasetHref, incidentHref, runHref, taskHref } from '../links';
import type { TAlertKind, TAlertMessage } from './alert-message';

/** What the product knows about the event an alert is for; links are made absolute with `publicUrl`. */
export type TAlertFacts = {
  kind: TAlertKind;
  workspace: { slug: string; name: string };
  dagId: string;
  taskId: string | null;
  runId: string | null;
  logicalDate: Date | null;
  tryNumber: number | null;
  maxTries: number | null;
  durationSeconds: number | null;
  owner: string | null;
  ownerSlackUserId: string | null;
  /** The attempt's last log lines (already masked when stored) and how many lines the log has. */
  logTail: string[];
  logLineCount: number;
  incidentId: string | null;
  /** For a recovery: how long the incident lasted. */
  recoveredAfterSeconds: number | null;
  errorMessage: string | null;
  /**
   * For a catalog alert: the dataset. Freshness: overdue (its producer is the DAG, `state` set);
   * deprecation: deprecated (the DAG reads it); review: its review is due (the DAG writes it).
   */
  dataset?: { id: string; name: string; state?: 'late' | 'stale' };
  dedupeKey: string;
  publicUrl: string;
};

export const LOG_TAIL_LINES = 20;

const ICON: Record<TAlertKind, string> = { failure: '❌', retry: '🔁', recovery: '✅', success: '✅', sla: '⏰', freshness: '⏳', deprecation: '⚠️', review: '📋', digest: '⚠️', test: '🔔' };

/** One message every channel renders: the title says what happened, the fields say where, the links go there. */
export function buildAlertMessage(facts: TAlertFacts): TAlertMessage {
  const title = `${ICON[facts.kind]} ${headline(facts)} · ${facts.workspace.name}`;
  const fields = [
    { label: 'Workspace', value: facts.workspace.name },
    ...(facts.dataset ? [{ label: 'Dataset', value: facts.dataset.name }] : []),
    { label: 'DAG', value: facts.dagId },
    ...(facts.taskId ? [{ label: 'Task', value: facts.taskId }] : []),
    ...(facts.logicalDate ? [{ label: 'Logical date', value: facts.logicalDate.toISOString() }] : []),
    ...(facts.tryNumber !== null && facts.maxTries !== null ? [{ label: 'Try', value: `${facts.tryNumber} of ${facts.maxTries}` }] : []),
    ...(facts.durationSeconds !== null ? [{ label: 'Duration', value: formatDuration(Math.round(facts.durationSeconds)) }] : []),
    ...(facts.owner ? [{ label: 'Owner', value: facts.owner }] : []),
  ];
  const links = alertLinks(facts);
  const text = [
    title,
    ...(facts.errorMessage ? [facts.errorMessage] : []),
    ...fields.map((field) => `${field.label}: ${field.value}`),
    ...links.map((link) => `${link.label}: ${link.url}`),
  ].join('\n');
  return {
    kind: facts.kind,
    title,
    text,
    fields,
    logTail: facts.logTail.slice(-LOG_TAIL_LINES),
    links,
    mentionSlackUserId: facts.ownerSlackUserId,
    items: [],
    dedupeKey: facts.dedupeKey,
    context: { workspace: facts.workspace.slug, dag_id: facts.dagId, task_id: facts.taskId, run_id: facts.runId, incident_id: facts.incidentId },
  };
}

function headline(facts: TAlertFacts): string {
  const subject = facts.taskId ? `${facts.dagId}.${facts.taskId}` : facts.dagId;
  const tries = facts.tryNumber !== null && facts.maxTries !== null ? ` (try ${facts.tryNumber} of ${facts.maxTries})` : '';
  switch (facts.kind) {
    case 'failure': return `${subject} failed${tries}`;
    case 'retry': return `${subject} failed${tries}; it will retry`;
    case 'recovery': return `${facts.dagId} recovered${facts.recoveredAfterSeconds !== null ? ` after ${formatDuration(Math.round(facts.recoveredAfterSeconds))}` : ''}`;
    case 'success': return `${subject} succeeded`;
    case 'sla': return `${subject} missed its SLA`;
    case 'freshness': return `${facts.dataset?.name ?? subject} is ${facts.dataset?.state ?? 'late'}`;
    case 'deprecation': return `${facts.dataset?.name ?? subject} is deprecated — read by ${facts.dagId}`;
    case 'review': return `Is ${facts.dataset?.name ?? subject} still needed?`;
    case 'digest': return `${subject}: many failures`;
    case 'test': return 'Test alert';
  }
}

function alertLinks(facts: TAlertFacts): { label: string; url: string }[] {
  const absolute = (path: string) => new URL(path, facts.publicUrl).toString();
  const links: { label: string; url: string }[] = [];
  if (facts.runId && facts.taskId) {
    // The last line of the log: where the error usually is.
    const line = facts.logLineCount > 0 ? facts.logLineCount : undefined;
    links.push({ label: 'Log', url: absolute(taskHref(facts.workspace.slug, facts.dagId, facts.runId, facts.taskId, { tryNumber: facts.tryNumber ?? undefined, line })) });
  } else if (facts.runId) {
    links.push({ label: 'Run', url: absolute(runHref(facts.workspace.slug, facts.dagId, facts.runId)) });
  }
  if (facts.incidentId) links.push({ label: 'Incident', url: absolute(incidentHref(facts.workspace.slug, facts.incidentId)) });
  if (facts.dataset) links.push({ label: 'Dataset', url: absolute(datasetHref(facts.workspace.slug, facts.dataset.id)) });
  return links;
}

/** A storm's digest: one line per failure it stands for, each with its log link. */
export function buildDigestMessage(input: { workspace: { slug: string; name: string }; target: string; items: { dagId: string; taskId: string | null; runId: string | null; tryNumber: number | null; logUrl: string | null }[]; dedupeKey: string; publicUrl: string }): TAlertMessage {
  const count = input.items.length;
  const dags = [...new Set(input.items.map((item) => item.dagId))];
  const title = `${ICON.digest} ${count} more failure${count === 1 ? '' : 's'} in ${dags.length === 1 ? dags[0] : `${dags.length} DAGs`} · ${input.workspace.name}`;
  const items = input.items.map((item) => `${item.dagId}.${item.taskId ?? '-'} ${item.runId ?? ''}${item.tryNumber ? ` try ${item.tryNumber}` : ''}${item.logUrl ? ` ${item.logUrl}` : ''}`);
  return {
    kind: 'digest',
    title,
    text: [title, 'Too many alerts at once: these are grouped into one message.', ...items].join('\n'),
    fields: [{ label: 'Workspace', value: input.workspace.name }, { label: 'Failures', value: String(count) }],
    logTail: [],
    links: [],
    mentionSlackUserId: null,
    items,
    dedupeKey: input.dedupeKey,
    context: { workspace: input.workspace.slug, dag_id: dags.length === 1 ? dags[0]! : null, task_id: null, run_id: null, incident_id: null },
  };
}
