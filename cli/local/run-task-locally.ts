// Local command helper for `tasks test`: the worker's task types, run in this process
// (server/tasks is imported for `tasks test` only).
import { mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import type { TDag, TDagTask } from '../../server/domain/dag/parse-dag-spec';
import type { TTaskType as TTaskTypeName } from '../../server/domain/dag/task-configs';
import { formatDuration } from '../../server/domain/duration';
import { LOCAL_MACHINE_EGRESS_POLICY } from '../../server/domain/egress/decide-egress';
import type { TTemplateContext } from '../../server/domain/templating/template-context';
import { env } from '../../server/env';
import { TASK_TYPES_BY_NAME } from '../../server/tasks/registry';
import { openTaskSandbox, sandboxSettings, type TTaskSandbox } from '../../server/tasks/sandbox';
import { TaskFailure, type TResolvedConnection, type TTaskRunContext, type TTaskType } from '../../server/tasks/task-type';
import { connectionFromEnv } from './local-connections';

export type TLocalLogLine = { stream: 'stdout' | 'stderr' | 'system'; text: string };
export type TLocalOutcome = { state: 'success' | 'skipped' | 'failed'; output?: unknown; error?: string };
type TLocalTask = { dag: TDag; task: TDagTask; config: unknown; templateContext: TTemplateContext; logicalDate: Date };

/** Connection passwords never reach the terminal, as they never reach a task log. */
function masker(secrets: Set<string>): (text: string) => string {
  return (text) => [...secrets].reduce((masked, secret) => masked.replaceAll(secret, '***'), text);
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : 'The task was stopped.';
}

/** execution_timeout and Ctrl-C both abort the task, as the worker's timeout and shutdown do. */
function stopSignal(timeoutSeconds: number | null): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = timeoutSeconds === null ? null : setTimeout(() => controller.abort(new TaskFailure(`Task exceeded its execution_timeout of ${formatDuration(timeoutSeconds)}.`)), timeoutSeconds * 1000);
  const onSigint = () => controller.abort(new TaskFailure('Interrupted (Ctrl-C).'));
  process.once('SIGINT', onSigint);
  return {
    signal: controller.signal,
    dispose() {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSigint);
    },
  };
}

function runContext(
  input: TLocalTask,
  log: TTaskRunContext<TTaskTypeName>['log'],
  signal: AbortSignal,
  tempDir: string,
  sandbox: TTaskSandbox | null,
  secrets: Set<string>,
  sensorStartedAt: Date,
): TTaskRunContext<TTaskTypeName> {
  return {
    config: input.config as TTaskRunContext<TTaskTypeName>['config'],
    templateContext: input.templateContext,
    log,
    signal,
    // The user's own machine: their loopback and private networks are theirs to test against.
    egress: LOCAL_MACHINE_EGRESS_POLICY,
    tempDir,
    sandbox,
    dagId: input.dag.dag_id,
    taskId: input.task.task_id,
    runId: input.templateContext.run_id,
    logicalDate: input.logicalDate,
    tryNumber: 1,
    sensorStartedAt,
    async getConnection(connId: string): Promise<TResolvedConnection> {
      const connection = connectionFromEnv(connId);
      if (!connection) throw new TaskFailure(`The connection '${connId}' is not defined here: set TRIBUTARY_CONN_${connId.toUpperCase()} to its URI (like postgresql://user:pass@host:5432/db).`);
      if (connection.password) secrets.add(connection.password);
      return connection;
    },
    async lookupExternalState() {
      throw new TaskFailure('`tasks test` runs without a database: a sensor on another DAG cannot be tested locally.');
    },
    async triggerDagRun() {
      throw new TaskFailure('`tasks test` runs without a database: a trigger_dag task cannot be tested locally.');
    },
  };
}

/** Runs one attempt of the task; never throws for what the task does (that is its outcome). */
export async function runTaskLocally(input: TLocalTask, onLine: (line: TLocalLogLine) => void): Promise<TLocalOutcome> {
  const secrets = new Set<string>();
  const mask = masker(secrets);
  const emit = (stream: TLocalLogLine['stream']) => (text: string) => onLine({ stream, text: mask(text) });
  const log = { stdout: emit('stdout'), stderr: emit('stderr'), system: emit('system') };
  log.system(`Testing ${input.dag.dag_id}.${input.task.task_id} (${input.task.type}) for logical date ${input.templateContext.logical_date}; nothing is recorded.`);
  // The same sandbox as on a worker (TRIBUTARY_TASK_SANDBOX), so a command that needs a path the
  // sandbox hides fails here first, not in production.
  const sandbox = await openTaskSandbox(sandboxSettings(env()));
  if (!sandbox.sandboxed) log.system(`Task sandbox ${sandbox.summary}`);
  const stop = stopSignal(input.task.execution_timeout);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-test-'));
  try {
    const type = TASK_TYPES_BY_NAME[input.task.type] as TTaskType<TTaskTypeName>;
    const context = runContext(input, log, stop.signal, tempDir, sandbox.sandbox, secrets, new Date());
    let result = await type.run(context);
    // A sensor in mode reschedule: with no scheduler here, this process waits for each next poke itself.
    while (result.rescheduleAt && !stop.signal.aborted) {
      log.system(`Rescheduled: next poke at ${result.rescheduleAt.toISOString()} (a worker would free its slot meanwhile).`);
      await delay(result.rescheduleAt.getTime() - Date.now(), undefined, { signal: stop.signal }).catch(() => undefined);
      if (!stop.signal.aborted) result = await type.run(context);
    }
    if (stop.signal.aborted) throw new TaskFailure(abortReason(stop.signal));
    log.system(result.skipped ? 'Task skipped itself.' : 'Task succeeded.');
    return { state: result.skipped ? 'skipped' : 'success', output: result.output };
  } catch (error) {
    const message = stop.signal.aborted ? abortReason(stop.signal) : error instanceof Error ? error.message : String(error);
    log.system(`Task failed: ${message}`);
    return { state: 'failed', error: mask(message) };
  } finally {
    stop.dispose();
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
