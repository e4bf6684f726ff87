import { setTimeout as sleep } from 'node:timers/promises';
import { resolveSpecDate } from '../domain/dag/spec-date';
import { TaskFailure, type TTaskResult, type TTaskRunContext, type TTaskType } from './task-type';

type TTriggerContext = TTaskRunContext<'trigger_dag'>;
type TTriggered = { runId: string; logicalDate: Date };

/** `logical_date` as rendered: a date or an ISO datetime; one without an offset is UTC, as Airflow's default time zone. */
function logicalDateOf(ctx: TTriggerContext): Date | undefined {
  const text = ctx.config.logical_date?.trim();
  if (text === undefined) return undefined;
  const date = resolveSpecDate(text, 'UTC');
  if (date === null) throw new TaskFailure(`logical_date '${text}' is not a date: use 2024-01-01 or an ISO datetime like 2024-01-01T06:00:00+00:00 (or {{ logical_date }})`, { retry: false });
  return date;
}

/** Airflow pushes these two XComs; the run id is also the key a downstream task most often wants. */
function outputOf(dagId: string, run: TTriggered) {
  return { trigger_dag_id: dagId, trigger_run_id: run.runId, trigger_logical_date_iso: run.logicalDate.toISOString() };
}

/**
 * Airflow's wait_for_completion: every poke_interval, the run's state; done in an allowed
 * state, failed in a failed one (retried like any failure, as Airflow's: a retry triggers anew).
 */
async function waitForCompletion(ctx: TTriggerContext, dagId: string, run: TTriggered): Promise<void> {
  const { poke_interval: interval } = ctx.config;
  const allowed: readonly string[] = ctx.config.allowed_states;
  const failed: readonly string[] = ctx.config.failed_states;
  ctx.log.system(`Waiting for run '${run.runId}' of DAG '${dagId}' to reach ${allowed.join(' or ')} (poking every ${interval}s)`);
  for (;;) {
    // Aborted (execution_timeout, a clear, shutdown): the engine reports why.
    await sleep(interval * 1000, undefined, { signal: ctx.signal });
    const state = await ctx.lookupExternalState({ dagId, logicalDate: run.logicalDate });
    if (state === null) throw new TaskFailure(`Run '${run.runId}' of DAG '${dagId}' no longer exists.`);
    if (failed.includes(state)) {
      throw new TaskFailure(`Run '${run.runId}' of DAG '${dagId}' reached state '${state}', one of failed_states (${failed.join(', ')}).`);
    }
    if (allowed.includes(state)) {
      ctx.log.system(`Run '${run.runId}' of DAG '${dagId}' is ${state}.`);
      return;
    }
    ctx.log.system(`Run '${run.runId}' of DAG '${dagId}' is ${state}`);
  }
}

async function run(ctx: TTriggerContext): Promise<TTaskResult> {
  const dagId = ctx.config.trigger_dag_id;
  const result = await ctx.triggerDagRun({
    dagId,
    runId: ctx.config.trigger_run_id,
    logicalDate: logicalDateOf(ctx),
    conf: ctx.config.conf,
    resetDagRun: ctx.config.reset_dag_run,
  });
  if (result.outcome === 'not_found') throw new TaskFailure(result.message);
  if (result.outcome === 'exists') {
    if (!ctx.config.skip_when_already_exists) throw new TaskFailure(`${result.message} Set reset_dag_run to clear and re-run it, or skip_when_already_exists to skip this task.`);
    ctx.log.system(`Run '${result.runId}' of DAG '${dagId}' exists already; skip_when_already_exists is set, so the task is skipped.`);
    return { skipped: true };
  }
  const verb = result.outcome === 'reset' ? 'Cleared the existing run' : 'Triggered run';
  ctx.log.system(`${verb} '${result.runId}' of DAG '${dagId}' (logical date ${result.logicalDate.toISOString()})`);
  if (result.dagPaused) ctx.log.system(`DAG '${dagId}' is paused: the run is queued and starts when the DAG is unpaused.`);
  if (ctx.config.wait_for_completion) await waitForCompletion(ctx, dagId, result);
  return { output: outputOf(dagId, result) };
}

/**
 * Airflow's TriggerDagRunOperator: a manual run of a DAG of the task's own workspace, through
 * the same service as the Trigger button. It runs in the worker's process (no task code runs,
 * so no sandbox), and waits in mode poke, holding its slot, when wait_for_completion is set.
 */
export const triggerDagTask: TTaskType<'trigger_dag'> = { type: 'trigger_dag', run };
