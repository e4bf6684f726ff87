import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SecretBox } from '../../server/auth/secret-box';
import type { PrismaClient } from '../../server/db/client';
import type { TDagTask } from '../../server/domain/dag/parse-dag-spec';
import type { TTaskType as TTaskTypeName } from '../../server/domain/dag/task-configs';
import { formatDuration } from '../../server/domain/duration';
import { retryPolicyFor } from '../../server/domain/state/retry';
import { egressPolicyFromEnv } from '../../server/integrations/egress';
import { AttemptLogWriter } from '../../server/integrations/log-store';
import { prepareTaskExecution, type TTaskExecution } from '../../server/services/execution/prepare-task-execution';
import { lookupExternalState } from '../../server/services/execution/lookup-external-state';
import { triggerDagFromTask } from '../../server/services/execution/trigger-dag-from-task';
import { recordCheckResults } from '../../server/services/catalog/record-check-results';
import type { TClaimedTaskInstance } from '../../server/services/task-instances/claim-task-instances';
import type { TAttemptOutcome } from '../../server/services/task-instances/complete-task-instances';
import { TASK_TYPES_BY_NAME } from '../../server/tasks/registry';
import type { TTaskSandbox } from '../../server/tasks/sandbox';
import { TaskFailure, type TResolvedConnection, type TTaskRunContext, type TTaskType } from '../../server/tasks/task-type';

const MAX_OUTPUT_BYTES = 64 * 1024;

export type TRunDependencies = {
  db: PrismaClient;
  box: SecretBox;
  logCapBytes: number;
  /** Where bash and script tasks run their processes; null runs them unsandboxed. */
  sandbox: TTaskSandbox | null;
};

/**
 * Runs one claimed attempt from start to outcome: prepares it (spec, templates, connections),
 * streams its log, enforces execution_timeout, and turns whatever happens into an outcome.
 * It never throws: an engine error becomes a failed attempt with the error in its log.
 */
export async function runTaskInstance(deps: TRunDependencies, claimed: TClaimedTaskInstance, signal: AbortSignal): Promise<TAttemptOutcome> {
  // An empty task has nothing to render, run or log: it succeeds without touching the database.
  if (claimed.taskType === 'empty') {
    return { ...baseOutcome(claimed, null, claimed.dagRunId), result: 'success', logBytes: 0, logTruncated: false };
  }
  let execution: TTaskExecution | null = null;
  let log: AttemptLogWriter | null = null;
  try {
    execution = await prepareTaskExecution(deps.db, deps.box, claimed);
    const attempt = { workspaceId: claimed.workspaceId, attemptId: claimed.attemptId, startSeq: claimed.logSeq, startBytes: claimed.logBytes };
    log = new AttemptLogWriter(deps.db, attempt, deps.logCapBytes, execution.secrets);
    const { taskResults, ...result } = await execute(deps, claimed, execution, log, signal);
    if (execution.task.type === 'check') await storeCheckResults(deps.db, claimed, execution, taskResults, log);
    const closed = await log.close();
    // The error message and the rendered fields are shown by the API, the UI and alerts: the
    // secrets the log masks are masked there too (a server's error may repeat what a task sent).
    const masked = { errorMessage: result.errorMessage ? log.mask(result.errorMessage) : result.errorMessage, renderedFields: log.maskValue(result.renderedFields) };
    return { ...result, ...masked, logBytes: closed.bytes, logTruncated: closed.truncated };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log?.write('system', `Engine error: ${message}`);
    const closed = (await log?.close().catch(() => null)) ?? { bytes: 0, truncated: false };
    return {
      ...baseOutcome(claimed, execution?.task ?? null, execution?.dagId ?? claimed.dagRunId),
      result: 'failed',
      errorMessage: log ? log.mask(message) : message,
      logBytes: closed.bytes,
      logTruncated: closed.truncated,
    };
  }
}

async function execute(
  deps: TRunDependencies,
  claimed: TClaimedTaskInstance,
  execution: TTaskExecution,
  log: AttemptLogWriter,
  outerSignal: AbortSignal,
): Promise<Omit<TAttemptOutcome, 'logBytes' | 'logTruncated'> & { taskResults?: unknown }> {
  const base = baseOutcome(claimed, execution.task, execution.dagId);
  const taskLog = { stdout: (l: string) => log.write('stdout', l), stderr: (l: string) => log.write('stderr', l), system: (l: string) => log.write('system', l) };
  const resumed = claimed.logSeq > 0 ? 'Resuming' : 'Starting';
  // No "of <max_tries>" here: a later clear raises max_tries, and a stored log cannot follow; the UI counts from the instance.
  taskLog.system(`${resumed} try ${claimed.tryNumber} of ${execution.dagId}.${claimed.taskId} for ${execution.runId} on ${os.hostname()}`);
  if (!execution.rendered.ok) {
    taskLog.system(execution.rendered.error);
    return { ...base, result: 'failed', errorMessage: execution.rendered.error };
  }
  const timeout = execution.task.execution_timeout;
  const timer = timeout ? timeoutSignal(timeout) : null;
  const signal = timer ? AbortSignal.any([outerSignal, timer]) : outerSignal;
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-task-'));
  try {
    const type = TASK_TYPES_BY_NAME[execution.task.type] as TTaskType<TTaskTypeName>;
    const context = runContext(deps, claimed, execution, taskLog, signal, tempDir);
    const result = await type.run(context);
    if (signal.aborted) throw new TaskFailure(abortMessage(signal));
    if (result.rescheduleAt) {
      taskLog.system(`Rescheduled: the worker slot is free until the next poke at ${result.rescheduleAt.toISOString()}.`);
      return { ...base, result: 'up_for_reschedule', rescheduleAt: result.rescheduleAt, renderedFields: execution.rendered.config };
    }
    const output = checkOutput(result.output);
    const xcom = checkXcomKeys(result.xcom);
    taskLog.system(result.skipped ? 'Task skipped itself.' : 'Task succeeded.');
    return { ...base, result: result.skipped ? 'skipped' : 'success', output, xcom, taskResults: output, renderedFields: execution.rendered.config };
  } catch (error) {
    const message = signal.aborted ? abortMessage(signal) : error instanceof Error ? error.message : String(error);
    const noRetry = !signal.aborted && error instanceof TaskFailure && !error.retry;
    taskLog.system(`Task failed: ${message}${noRetry ? ' (no retry: it fails whatever tries are left)' : ''}`);
    const failure = timer?.aborted && !outerSignal.aborted ? 'timeout' as const : undefined;
    const taskResults = error instanceof TaskFailure ? error.output : undefined;
    return { ...base, result: 'failed', noRetry, failure, errorMessage: message, taskResults, renderedFields: execution.rendered.config };
  } finally {
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A check task's per-check results, passed or failed, into the catalog's quality history: only
 * check tasks pay this statement. Stored before the outcome; a failure to store is written to
 * the attempt's log and never changes the task's outcome.
 */
async function storeCheckResults(db: PrismaClient, claimed: TClaimedTaskInstance, execution: TTaskExecution, results: unknown, log: AttemptLogWriter) {
  if (!execution.rendered.ok) return;
  const config = execution.rendered.config as { conn_id: string; table: string };
  const attempt = { workspaceId: claimed.workspaceId, dagRunId: claimed.dagRunId, taskId: claimed.taskId, tryNumber: claimed.tryNumber, connId: config.conn_id, table: config.table };
  await recordCheckResults(db, attempt, results).catch((error: unknown) => {
    log.write('system', `The check results could not be stored in the catalog: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function runContext(
  deps: TRunDependencies,
  claimed: TClaimedTaskInstance,
  execution: TTaskExecution,
  log: TTaskRunContext<TTaskTypeName>['log'],
  signal: AbortSignal,
  tempDir: string,
): TTaskRunContext<TTaskTypeName> {
  return {
    config: (execution.rendered.ok ? execution.rendered.config : {}) as TTaskRunContext<TTaskTypeName>['config'],
    templateContext: execution.templateContext,
    log,
    signal,
    egress: egressPolicyFromEnv(),
    tempDir,
    sandbox: deps.sandbox,
    dagId: execution.dagId,
    taskId: claimed.taskId,
    runId: execution.runId,
    logicalDate: execution.logicalDate,
    tryNumber: claimed.tryNumber,
    sensorStartedAt: claimed.sensorStartedAt,
    async getConnection(connId: string): Promise<TResolvedConnection> {
      const connection = execution.connections.get(connId);
      if (!connection) throw new TaskFailure(`The connection '${connId}' does not exist in this workspace.`);
      return connection;
    },
    lookupExternalState: (input) => lookupExternalState(deps.db, claimed.workspaceId, input),
    // The claimed instance's workspace, never one from the task's config: a task reaches its own workspace's DAGs only.
    triggerDagRun: (request) => triggerDagFromTask(deps.db, { workspaceId: claimed.workspaceId, dagId: execution.dagId, taskId: claimed.taskId, runId: execution.runId }, request),
  };
}

/** What every outcome carries, including the retry policy the completion applies on failure. */
export function baseOutcome(claimed: TClaimedTaskInstance, task: TDagTask | null, dagId: string) {
  const retry = retryPolicyFor(task, `${dagId}#${claimed.taskId}#${claimed.dagRunId}`);
  return { taskInstanceId: claimed.id, attemptId: claimed.attemptId, tryNumber: claimed.tryNumber, retry };
}

function checkOutput(output: unknown): unknown {
  if (output === undefined) return undefined;
  const size = Buffer.byteLength(JSON.stringify(output) ?? '');
  if (size > MAX_OUTPUT_BYTES) {
    throw new TaskFailure(`The task's output is ${Math.round(size / 1024)} KiB; outputs passed downstream are limited to 64 KiB.`);
  }
  return output;
}

/** Pushed keys share one 64 KiB limit; the key that crosses it is named (the runner checks first, this is the worker's guard). */
function checkXcomKeys(xcom: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (xcom === undefined || Object.keys(xcom).length === 0) return undefined;
  let size = 2;
  for (const [key, value] of Object.entries(xcom)) {
    size += Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(value) ?? '') + 2;
    if (size > MAX_OUTPUT_BYTES) throw new TaskFailure(`The value pushed with xcom_push under key '${key}' takes the pushed values over 64 KiB of JSON together (the limit of what is passed downstream).`);
  }
  return xcom;
}

function timeoutSignal(seconds: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TaskFailure(`Task exceeded its execution_timeout of ${formatDuration(seconds)}.`)), seconds * 1000);
  timer.unref();
  return controller.signal;
}

function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'The task was stopped.';
}
