import type { TDb } from '../../db/sql';
import type { TAlertTask } from '../../domain/alerts/decide-alerts';
import type { TDag } from '../../domain/dag/normalize-dag';
import { loadDagVersion } from '../dags/load-dag-version';
import type { TStateChange } from '../state-events/state-change-events';

/** A state-change event as the relay reads it (ids as text: bigint and xid8 do not fit a JS number). */
export type TRelayedEvent = Omit<TStateChange, 'reason'> & { id: string; txid: string; reason: string; createdAt: Date };

export type TEventRun = {
  id: string;
  runId: string;
  logicalDate: Date;
  workspaceId: string;
  workspace: { slug: string; name: string; postmortemAfterMinutes: number };
  dagPk: string;
  dagId: string;
  spec: TDag | null;
};

export type TEventTask = TAlertTask & { id: string; maxTries: number; owner: string | null };

/** What only alerting needs of an event: the run and DAG it belongs to, and for a task event its alert rules. */
export type TEventContext = { runs: Map<string, TEventRun>; tasks: Map<string, TEventTask> };

/** Task events that can alert: failures and retries always may; a success only in a DAG with an on_success rule (most successes need no task row). */
function mayAlert(event: TRelayedEvent, run: TEventRun | undefined): boolean {
  if (event.taskInstanceId === null || run?.spec == null) return false;
  if (event.toState === 'failed' || event.toState === 'up_for_retry') return true;
  return event.toState === 'success' && run.spec.tasks.some((task) => task.alerts.on_success.length > 0);
}

export async function loadEventContext(tx: TDb, events: readonly TRelayedEvent[]): Promise<TEventContext> {
  const runIds = [...new Set(events.map((event) => event.dagRunId))];
  const runRows = await tx.$queryRaw<(Omit<TEventRun, 'workspace' | 'spec'> & { dagVersionId: string; slug: string; name: string; postmortemAfterMinutes: number })[]>`
    select r.id, r."runId", r."logicalDate", r."workspaceId", r."dagVersionId", d.id as "dagPk", d."dagId", w.slug, w.name, w."postmortemAfterMinutes"
    from dag_run r join dag d on d.id = r."dagPk" join workspace w on w.id = r."workspaceId"
    where r.id = any(${runIds}::text[])`;
  const runs = new Map<string, TEventRun>();
  for (const row of runRows) {
    // A version that no longer parses alerts nothing rather than stopping every workspace's alerts.
    const spec = await loadDagVersion(tx, row.dagVersionId).catch(() => null);
    const { dagVersionId: _version, slug, name, postmortemAfterMinutes, ...run } = row;
    runs.set(row.id, { ...run, workspace: { slug, name, postmortemAfterMinutes }, spec });
  }
  const taskIds = events.filter((event) => mayAlert(event, runs.get(event.dagRunId))).map((event) => event.taskInstanceId!);
  const tasks = new Map<string, TEventTask>();
  if (taskIds.length === 0) return { runs, tasks };
  const rows = await tx.$queryRaw<{ id: string; dagRunId: string; taskId: string; maxTries: number }[]>`
    select id, "dagRunId", "taskId", "maxTries" from task_instance where id = any(${[...new Set(taskIds)]}::text[])`;
  for (const row of rows) {
    const task = runs.get(row.dagRunId)?.spec?.tasks.find((candidate) => candidate.task_id === row.taskId);
    if (task) tasks.set(row.id, { id: row.id, taskId: row.taskId, maxTries: row.maxTries, alerts: task.alerts, email: task.email, owner: task.owner });
  }
  return { runs, tasks };
}
