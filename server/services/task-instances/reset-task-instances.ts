import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { assertDagRunTransition, FINISHED_DAG_RUN_STATES } from '../../domain/state/dag-run-transitions';
import { maxTriesAfterClear } from '../../domain/state/retry';
import { loadDagVersion } from '../dags/load-dag-version';
import { insertTaskInstances } from '../runs/insert-dag-runs';
import { runStateChangeEvents } from '../state-events/state-change-events';
import { transitionTaskInstances } from './transition-task-instances';

const CLEARABLE = ['scheduled', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped'] as const;

/**
 * The primitive under "clear" and backfill reprocessing (Airflow's clear_task_instances):
 * the given instances go back to `none` so the scheduler runs them again with the same logical
 * date. Earlier attempts and their logs stay; the next attempt gets the next try number, and
 * max_tries grows so the task has its full retries again. Their runs go back to `queued` (a
 * finished run) or stay `running`, and count one more clear. With `useVersionId`, the runs are
 * re-pinned to that DAG version first (task instances of tasks it added are created).
 */
export async function resetTaskInstances(
  tx: TDb,
  input: { taskInstanceIds: readonly string[]; useVersionId?: string | null; actor?: string | null },
): Promise<{ cleared: string[]; runIds: string[] }> {
  if (input.taskInstanceIds.length === 0) return { cleared: [], runIds: [] };
  const rows = await tx.$queryRaw<{ id: string; dagRunId: string; taskId: string; workspaceId: string; dagVersionId: string }[]>`
    select ti.id, ti."dagRunId", ti."taskId", ti."workspaceId", r."dagVersionId"
    from task_instance ti join dag_run r on r.id = ti."dagRunId" where ti.id = any(${[...input.taskInstanceIds]}::text[])`;
  const runIds = [...new Set(rows.map((row) => row.dagRunId))];
  // Run rows before instance rows, each in id order: the order every writer of both keeps.
  await tx.$queryRaw`select id from dag_run where id = any(${runIds}::text[]) order by id for no key update`;
  const actor = input.actor ?? null;
  if (input.useVersionId) await repinRuns(tx, runIds, rows[0]!.workspaceId, input.useVersionId, actor);
  const cleared = await transitionTaskInstances(tx, {
    ids: rows.map((row) => row.id),
    from: CLEARABLE,
    to: 'none',
    set: Prisma.sql`"endDate" = null, "startDate" = null, duration = null, "queuedAt" = null, "nextRetryAt" = null, "heartbeatAt" = null, output = null, xcom = null,
          rescheduled = false, "sensorStartedAt" = null`,
    event: { reason: 'cleared', actor },
  });
  await resetMaxTries(tx, cleared);
  // A finished run goes back to queued; a queued or running one keeps its state.
  for (const finished of FINISHED_DAG_RUN_STATES) assertDagRunTransition(finished, 'queued');
  await tx.$executeRaw`
    with old as (select id, state from dag_run where id = any(${runIds}::text[])),
    moved as (
      update dag_run r set state = case when r.state = any(${[...FINISHED_DAG_RUN_STATES]}::text[]) then 'queued' else r.state end,
        "endDate" = null, "clearNumber" = "clearNumber" + 1, "updatedAt" = clock_timestamp(),
        "startDate" = case when r.state = any(${[...FINISHED_DAG_RUN_STATES]}::text[]) then null else "startDate" end
      from old where r.id = old.id
      returning r.id, r."workspaceId", old.state as from_state, r.state as to_state
    ), events as (${runStateChangeEvents('cleared', actor)})
    select 1`;
  return { cleared, runIds };
}

/** max_tries = tries made + retries + 1, from each instance's own task in its run's version. */
async function resetMaxTries(tx: TDb, ids: string[]) {
  if (ids.length === 0) return;
  const rows = await tx.$queryRaw<{ id: string; taskId: string; tryNumber: number; dagVersionId: string }[]>`
    select ti.id, ti."taskId", ti."tryNumber", r."dagVersionId" from task_instance ti join dag_run r on r.id = ti."dagRunId"
    where ti.id = any(${ids}::text[])`;
  const maxTries: number[] = [];
  for (const row of rows) {
    const spec = await loadDagVersion(tx, row.dagVersionId);
    const task = spec.tasks.find((candidate) => candidate.task_id === row.taskId);
    maxTries.push(maxTriesAfterClear(row.tryNumber, task));
  }
  await tx.$executeRaw`
    update task_instance ti set "maxTries" = m.max_tries
    from unnest(${rows.map((row) => row.id)}::text[], ${maxTries}::int[]) as m(id, max_tries) where ti.id = m.id`;
}

async function repinRuns(tx: TDb, runIds: string[], workspaceId: string, versionId: string, actor: string | null) {
  const spec = await loadDagVersion(tx, versionId);
  await tx.$executeRaw`update dag_run set "dagVersionId" = ${versionId} where id = any(${runIds}::text[])`;
  // Tasks the version added get instances; tasks it removed are marked removed.
  await insertTaskInstances(tx, workspaceId, spec, runIds);
  const removed = await tx.$queryRaw<{ id: string }[]>`
    select id from task_instance where "dagRunId" = any(${runIds}::text[]) and not ("taskId" = any(${spec.tasks.map((t) => t.task_id)}::text[]))`;
  await transitionTaskInstances(tx, {
    ids: removed.map((row) => row.id),
    from: ['none', ...CLEARABLE],
    to: 'removed',
    event: { reason: 'removed', actor },
  });
}
