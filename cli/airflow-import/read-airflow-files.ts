import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSubprocess } from '../../server/tasks/subprocess';
import { CliError } from '../cli-error';

export type TPythonSource = { path: string; source: string };

const READER = path.join(import.meta.dirname, 'read_dags.py');

/**
 * Describes Airflow files with read_dags.py: Python's parser reads them, nothing in them runs.
 * The sources go in on stdin and the description comes back on stdout, so the reader touches
 * no file itself. It starts through server/tasks/subprocess.ts, the one module that starts
 * processes, unsandboxed: it is our script, running as the user who asked for the import.
 */
export async function readAirflowFiles(files: TPythonSource[], interpreter: { python: string; path: string }): Promise<unknown> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = { stdout: (line: string) => stdout.push(line), stderr: (line: string) => stderr.push(line), system: () => undefined };
  let result;
  try {
    result = await runSubprocess(
      { log, signal: new AbortController().signal, tempDir: tmpdir() },
      { command: interpreter.python, args: [READER], env: { PATH: interpreter.path, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' }, stdin: JSON.stringify({ files }) },
    );
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}: install Python 3.10 or later, or set TRIBUTARY_PYTHON to its path`);
  }
  if (result.exitCode !== 0) {
    throw new CliError(`${interpreter.python} could not read the files (exit ${result.exitCode ?? result.signal}): ${stderr.join('\n') || 'no message'}`);
  }
  try {
    return JSON.parse(stdout.join('\n')) as unknown;
  } catch {
    throw new CliError(`${interpreter.python} printed something that is not the reader's JSON: ${stdout.join('\n').slice(0, 200)}`);
  }
}
