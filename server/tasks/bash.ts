import { stat } from 'node:fs/promises';
import { abortMessage, exitCodeHint, memoryHint, runSubprocess } from './subprocess';
import { baseSubprocessEnv, TaskFailure, type TTaskLog, type TTaskType } from './task-type';

/** Airflow's BashOperator default `skip_on_exit_code`. */
export const BASH_SKIP_EXIT_CODE = 99;
const BASH_PATH = '/bin/bash';

/**
 * Airflow's BashOperator: `bash -c <bash_command>` in the attempt's own directory with a
 * scrubbed environment plus the task's `env`. The last line on stdout becomes the output, as
 * the BashOperator pushes it to XCom.
 */
export const bashTask: TTaskType<'bash'> = {
  type: 'bash',
  async run(ctx) {
    const { bash_command: command, env, cwd } = ctx.config;
    if (cwd !== undefined) await assertDirectory(cwd);
    ctx.log.system(`Running command: ${command}`);
    const last = lastLineRecorder(ctx.log);
    const result = await runSubprocess(
      { ...ctx, log: last.log },
      // The task's env goes on top: a DAG may set PATH or HOME on purpose, as in Airflow.
      { command: BASH_PATH, args: ['-c', command], env: { ...baseSubprocessEnv(ctx), ...env }, cwd },
    );
    if (result.aborted) throw new TaskFailure(abortMessage(ctx.signal));
    if (result.limit) throw new TaskFailure(result.limit);
    if (result.exitCode === null) {
      throw new TaskFailure(`Bash command failed. The command was killed by signal ${String(result.signal)}.`);
    }
    ctx.log.system(`Command exited with return code ${result.exitCode}`);
    if (result.exitCode === BASH_SKIP_EXIT_CODE) {
      ctx.log.system(`Skipping task: exit code ${BASH_SKIP_EXIT_CODE} means skip`);
      return { skipped: true };
    }
    if (result.exitCode !== 0) {
      const hint = memoryHint(last.stderr, ctx.sandbox);
      if (hint) ctx.log.system(hint);
      throw new TaskFailure(`Bash command failed. The command returned a non-zero exit code ${result.exitCode}${exitCodeHint(result.exitCode, ctx.sandbox)}.`);
    }
    // As Airflow: the last line, right-trimmed; "" when the command printed nothing.
    return { output: (last.line ?? '').trimEnd() };
  },
};

/** The stderr lines kept to explain a failure: enough for the last error, bounded for a chatty command. */
const KEPT_STDERR_LINES = 20;

/** Passes lines through to the task log; remembers the last stdout line and the last stderr lines. */
function lastLineRecorder(log: TTaskLog): { log: TTaskLog; readonly line: string | undefined; readonly stderr: readonly string[] } {
  let line: string | undefined;
  const stderr: string[] = [];
  return {
    log: {
      stdout: (text) => {
        line = text;
        log.stdout(text);
      },
      stderr: (text) => {
        if (stderr.push(text) > KEPT_STDERR_LINES) stderr.shift();
        log.stderr(text);
      },
      system: (text) => log.system(text),
    },
    get line() {
      return line;
    },
    stderr,
  };
}

/** As Airflow checks `cwd` first: spawn would otherwise report a missing cwd as "bash ENOENT". */
async function assertDirectory(cwd: string): Promise<void> {
  const info = await stat(cwd).catch(() => null);
  if (info === null) throw new TaskFailure(`Can not find the cwd: ${cwd}`);
  if (!info.isDirectory()) throw new TaskFailure(`The cwd ${cwd} must be a directory`);
}
