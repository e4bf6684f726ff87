import { describeSchedule } from '../../domain/schedule/describe-schedule';
import { dagStaleness } from '../../domain/schedule/stale-dag';
import type { TServiceContext } from '../context';
import { nextScheduledRuns, recentDeploys, staleCandidates, type TScheduledDag } from './home-dags';
import { openIncidents } from './home-incidents';
import { failingDags, runsInProgress, stateCountsSince } from './home-runs';

const DAY_MS = 24 * 3_600_000;
const SECTION_LIMIT = 20;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The start of the home's "last 24 h" window: 24 h before `now`, down to the minute, so the
 * window can be written in the task-instance browser's URL (minute precision) and list exactly
 * what was counted.
 */
export function homeWindowStart(now: Date): Date {
  const since = new Date(now.getTime() - DAY_MS);
  since.setUTCSeconds(0, 0);
  return since;
}

/**
 * What a workspace's home shows: what is broken (open incidents, failing and stale DAGs), what is running, the
 * last 24 h by state, what runs next and what was deployed. Every statement is scoped by the
 * caller's workspace; the reads of run history go through indexes (see home-runs.ts).
 */
export async function getWorkspaceHome(ctx: TServiceContext, now: Date) {
  const since = homeWindowStart(now);
  const [incidents, failing, inProgress, counts, next, candidates, deploys] = await Promise.all([
    openIncidents(ctx, SECTION_LIMIT),
    failingDags(ctx, SECTION_LIMIT),
    runsInProgress(ctx, SECTION_LIMIT),
    stateCountsSince(ctx, since),
    nextScheduledRuns(ctx, now, 10),
    staleCandidates(ctx, now),
    recentDeploys(ctx, 10),
  ]);
  return {
    now: now.toISOString(),
    open_incidents: incidents.map((incident) => ({
      id: incident.id,
      dag_id: incident.dagId,
      title: incident.title,
      state: incident.state,
      opened_at: incident.openedAt.toISOString(),
      acknowledged_at: iso(incident.acknowledgedAt),
      failure_count: incident.failureCount,
    })),
    failing_dags: failing.map((dag) => ({
      dag_id: dag.dagId,
      is_paused: dag.isPaused,
      run_id: dag.runId,
      logical_date: dag.logicalDate.toISOString(),
      end_date: iso(dag.endDate),
      first_failed_run_id: dag.firstFailedRunId,
      first_failed_logical_date: dag.firstFailedLogicalDate.toISOString(),
      first_failed_end_date: iso(dag.firstFailedEndDate),
    })),
    runs_in_progress: {
      total: inProgress.total,
      runs: inProgress.runs.map((run) => ({
        dag_id: run.dagId,
        run_id: run.runId,
        state: run.state,
        logical_date: run.logicalDate.toISOString(),
        queued_at: run.queuedAt.toISOString(),
        start_date: iso(run.startDate),
        tasks_done: run.tasksDone,
        tasks_total: run.tasksTotal,
      })),
    },
    last_24h: { since: since.toISOString(), runs: counts.runs, task_instances: counts.taskInstances },
    next_runs: next.map((dag) => ({ ...scheduleOf(dag), logical_date: iso(dag.nextLogicalDate), run_after: iso(dag.nextCreateAfter) })),
    stale_dags: staleDags(candidates, now),
    recent_deploys: deploys.map((deploy) => ({
      dag_id: deploy.dagId,
      version: deploy.version,
      created_at: deploy.createdAt.toISOString(),
      created_by: deploy.createdBy,
    })),
  };
}

export type TWorkspaceHome = Awaited<ReturnType<typeof getWorkspaceHome>>;

function scheduleOf(dag: TScheduledDag) {
  return { dag_id: dag.dagId, schedule: dag.schedule, schedule_description: describeSchedule(dag.schedule, dag.timezone) };
}

function staleDags(candidates: TScheduledDag[], now: Date) {
  return candidates.flatMap((dag) => {
    const staleness = dagStaleness({
      isPaused: dag.isPaused,
      schedule: dag.schedule,
      nextCreateAfter: dag.nextCreateAfter,
      nextIntervalStart: dag.nextIntervalStart,
      nextIntervalEnd: dag.nextIntervalEnd,
      changedAt: dag.updatedAt,
      now,
    });
    if (!staleness.stale) return [];
    const dueAt = staleness.reason === 'late' ? staleness.dueAt : staleness.since;
    return [{ ...scheduleOf(dag), reason: staleness.reason, due_at: dueAt.toISOString(), late_by_seconds: Math.round(staleness.lateByMs / 1000), logical_date: iso(dag.nextLogicalDate) }];
  });
}
