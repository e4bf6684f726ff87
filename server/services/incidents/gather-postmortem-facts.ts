import { createTwoFilesPatch } from 'diff';
import type { TDb } from '../../db/sql';
import type { TTimelineEvent } from '../../domain/incidents/incident-timeline';
import type { TFailedRun, TPostmortemFacts, TRepairClear, TTaskOutputs } from '../../domain/incidents/postmortem-draft';
import { loadDagVersion } from '../dags/load-dag-version';
import type { TIncidentRow } from './incident-view';
import { loadIncidentTimeline } from './load-incident-timeline';

const FAILURE_STATES = new Set(['failed']);
const RUN_FAILURE_REASONS = new Set(['run_failed', 'run_timeout']);

/**
 * What the product knows about an incident, for its post-mortem's first draft: the timeline,
 * the logical dates that failed (and whether they were re-run), the datasets the failed tasks
 * write, the spec diff of a version deployed meanwhile, and the clears and backfills that
 * repaired it. `db` may be the relay's transaction: queries run one after the other.
 */
export async function gatherPostmortemFacts(db: TDb, workspaceId: string, row: TIncidentRow, now: Date): Promise<TPostmortemFacts> {
  const { timeline, events } = await loadIncidentTimeline(db, workspaceId, row, now);
  const until = row.resolvedAt ?? now;
  return {
    dagId: row.dagId,
    title: row.title,
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    failureCount: row.failureCount,
    timeline,
    failedRuns: failedRuns(events),
    datasets: await failedTaskOutputs(db, row.dagPk, events),
    specChange: await specChange(db, row.dagPk, row.openedAt, until),
    clears: clears(events),
    backfills: await db.backfill.findMany({
      where: { dagPk: row.dagPk, workspaceId, createdAt: { gte: row.openedAt, lte: until } },
      orderBy: { createdAt: 'asc' },
      select: { fromDate: true, toDate: true, reprocessBehavior: true },
    }),
  };
}

function isFailure(event: TTimelineEvent): boolean {
  return event.taskId === null ? RUN_FAILURE_REASONS.has(event.reason) : FAILURE_STATES.has(event.toState) && event.reason !== 'marked';
}

/** Runs with a failure in the window, by logical date; re-run when something in them was cleared after it. */
function failedRuns(events: readonly TTimelineEvent[]): TFailedRun[] {
  const firstFailure = new Map<string, TTimelineEvent>();
  for (const event of events) if (isFailure(event) && !firstFailure.has(event.runId)) firstFailure.set(event.runId, event);
  return [...firstFailure.values()]
    .map((failure) => ({
      runId: failure.runId,
      logicalDate: failure.logicalDate,
      rerun: events.some((event) => event.runId === failure.runId && event.reason === 'cleared' && event.at.getTime() >= failure.at.getTime()),
    }))
    .sort((a, b) => a.logicalDate.getTime() - b.logicalDate.getTime());
}

/** The clears of the window, one per run: its tasks, or the whole run when only the run's own event says so. */
function clears(events: readonly TTimelineEvent[]): TRepairClear[] {
  const byRun = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.reason !== 'cleared') continue;
    const tasks = byRun.get(event.runId) ?? new Set<string>();
    if (event.taskId !== null) tasks.add(event.taskId);
    byRun.set(event.runId, tasks);
  }
  return [...byRun].map(([runId, tasks]) => ({ runId, taskIds: [...tasks] }));
}

/** The `outputs` of each task that failed, read from the DAG version its run was pinned to. */
async function failedTaskOutputs(db: TDb, dagPk: string, events: readonly TTimelineEvent[]): Promise<TTaskOutputs[]> {
  const failedTasks = new Map<string, string>();
  for (const event of events) if (event.taskId !== null && isFailure(event) && !failedTasks.has(event.taskId)) failedTasks.set(event.taskId, event.runId);
  if (failedTasks.size === 0) return [];
  const runs = await db.dagRun.findMany({ where: { dagPk, runId: { in: [...new Set(failedTasks.values())] } }, select: { runId: true, dagVersionId: true } });
  const versionOf = new Map(runs.map((run) => [run.runId, run.dagVersionId]));
  const outputs: TTaskOutputs[] = [];
  for (const [taskId, runId] of failedTasks) {
    const versionId = versionOf.get(runId);
    if (!versionId) continue;
    const spec = await loadDagVersion(db, versionId).catch(() => null);
    const task = spec?.tasks.find((candidate) => candidate.task_id === taskId);
    outputs.push({ taskId, outputs: (task?.outputs ?? []).map((ref) => `${ref.conn_id}.${ref.table}`) });
  }
  return outputs.sort((a, b) => a.taskId.localeCompare(b.taskId));
}

/** The diff from the version current when the incident opened to the last one deployed before it ended. */
async function specChange(db: TDb, dagPk: string, from: Date, until: Date): Promise<TPostmortemFacts['specChange']> {
  const deployed = await db.dagVersion.findFirst({
    where: { dagPk, createdAt: { gte: from, lte: until } },
    orderBy: { version: 'desc' },
    select: { version: true, sourceText: true },
  });
  if (!deployed) return null;
  const before = await db.dagVersion.findFirst({
    where: { dagPk, createdAt: { lt: from } },
    orderBy: { version: 'desc' },
    select: { version: true, sourceText: true },
  });
  if (!before) return null;
  const diff = createTwoFilesPatch(`version ${before.version}`, `version ${deployed.version}`, before.sourceText, deployed.sourceText, undefined, undefined, { context: 3 });
  // Without its '=====' rule the patch reads as a plain unified diff (--- version 1, +++ version 2).
  return { fromVersion: before.version, toVersion: deployed.version, diff: diff.split('\n').slice(1).join('\n') };
}
