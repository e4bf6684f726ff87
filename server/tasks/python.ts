import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { env } from '../env';
import { pythonRunnerInput } from './python-input';
import { abortMessage, exitCodeHint, memoryHint, runSubprocess } from './subprocess';
import { parseRunnerEnvelope, runnerOutput } from './script-function';
import { baseSubprocessEnv, TaskFailure, type TTaskLog, type TTaskRunContext, type TTaskType } from './task-type';

const RUNNER_PATH = fileURLToPath(new URL('./python-runner.py', import.meta.url));
const HELPER_PATH = fileURLToPath(new URL('./tributary/__init__.py', import.meta.url));
/** Where the sandbox shows the runner and the helper module; the checkout itself stays hidden. */
const SANDBOX_RUNNER = '/opt/tributary/python-runner.py';
const SANDBOX_LIBRARY = '/opt/tributary/python';
const INSTALL_HINT = 'install Python 3.10 or later (Debian/Ubuntu: apt-get install python3) or set TRIBUTARY_PYTHON to the path of one (a virtualenv\'s bin/python)';

/** The runner's outcome on fd 3 (see python-runner.py); checked, as anything crossing a process. */
const ZRunnerEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), json: z.string().optional(), xcom: z.string().optional() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
/** The keys pushed with ti.xcom_push other than return_value, by key. */
const ZPushedKeysSchema = z.record(z.string(), z.unknown());

/**
 * Airflow's PythonOperator: the worker's Python (TRIBUTARY_PYTHON) runs python-runner.py in the
 * task sandbox, as script tasks run node: same limits, scratch directory and scrubbed env. The
 * callable's return value (or a script's `return_value`) becomes the task's output.
 */
export const pythonTask: TTaskType<'python'> = {
  type: 'python',
  run: (ctx) => runPython(ctx, env().TRIBUTARY_PYTHON),
};

export async function runPython(ctx: TTaskRunContext<'python'>, pythonSetting: string): Promise<{ output?: unknown; xcom?: Record<string, unknown> }> {
  const python = await resolvePython(pythonSetting, baseSubprocessEnv(ctx).PATH ?? '');
  // Only the connections the spec lists: a missing one fails here, naming it.
  const connections = await Promise.all((ctx.config.conn_ids ?? []).map((connId) => ctx.getConnection(connId)));
  const input = pythonRunnerInput(ctx.config, ctx.templateContext, ctx.tryNumber, connections);
  const sandboxed = Boolean(ctx.sandbox);
  ctx.log.system(`Running ${input.filename} with ${python}`);
  const stderr = recentStderr(ctx.log);
  const result = await runSubprocess(
    { ...ctx, log: stderr.log },
    {
      command: python,
      // -u: print() and logging reach the live log as they happen, not when a buffer fills.
      args: ['-u', sandboxed ? SANDBOX_RUNNER : RUNNER_PATH],
      mounts: [
        { source: RUNNER_PATH, dest: SANDBOX_RUNNER },
        { source: HELPER_PATH, dest: `${SANDBOX_LIBRARY}/tributary/__init__.py` },
      ],
      env: {
        ...baseSubprocessEnv(ctx),
        PYTHONPATH: sandboxed ? SANDBOX_LIBRARY : path.dirname(path.dirname(HELPER_PATH)),
        PYTHONUNBUFFERED: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONIOENCODING: 'utf-8',
      },
      stdin: JSON.stringify(input),
      resultChannel: true,
    },
  );
  if (result.aborted) throw new TaskFailure(abortMessage(ctx.signal));
  if (result.limit) throw new TaskFailure(result.limit);
  const envelope = parseRunnerEnvelope(ZRunnerEnvelopeSchema, result.resultChannel);
  const hint = memoryHint(stderr.lines, ctx.sandbox);
  if (result.exitCode !== 0 || envelope === null) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${String(result.exitCode)}${exitCodeHint(result.exitCode ?? 0, ctx.sandbox)}`;
    const where = sandboxed ? `; a TRIBUTARY_PYTHON outside /usr must be listed in TRIBUTARY_TASK_SANDBOX_PATHS to be seen in the sandbox` : '';
    throw new TaskFailure([`${python} ${how} before returning a result (did the code call os._exit, or is it not a Python 3.10+${where}?)`, ...(hint ? [hint] : [])].join('\n'));
  }
  if (!envelope.ok) throw new TaskFailure([envelope.message, ...(hint ? [hint] : [])].join('\n'));
  ctx.log.system(`${input.filename} returned`);
  const xcom = envelope.xcom === undefined ? undefined : ZPushedKeysSchema.parse(runnerOutput(envelope.xcom, `${input.filename}'s xcom_push`));
  return { ...(envelope.json === undefined ? {} : { output: runnerOutput(envelope.json, input.filename) }), ...(xcom ? { xcom } : {}) };
}

/**
 * The interpreter TRIBUTARY_PYTHON names, on this worker: an absolute path as it is, a command
 * in the task's PATH (what the sandbox shows of /usr/local/bin, /usr/bin and /bin).
 */
export async function resolvePython(setting: string, taskPath: string): Promise<string> {
  const candidates = setting.startsWith('/') ? [setting] : taskPath.split(':').filter(Boolean).map((dir) => path.join(dir, setting));
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  const looked = setting.startsWith('/') ? '' : ` in ${taskPath}`;
  throw new TaskFailure(`No Python interpreter '${setting}' (TRIBUTARY_PYTHON) on this worker${looked}: ${INSTALL_HINT}`);
}

/** The stderr lines kept to explain a failure (a MemoryError), bounded for a chatty task. */
const KEPT_STDERR_LINES = 20;

function recentStderr(log: TTaskLog): { log: TTaskLog; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: {
      stdout: (text) => log.stdout(text),
      stderr: (text) => {
        if (lines.push(text) > KEPT_STDERR_LINES) lines.shift();
        log.stderr(text);
      },
      system: (text) => log.system(text),
    },
  };
}

