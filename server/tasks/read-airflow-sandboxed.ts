/**
 * A process of its own (`node --import tsx server/tasks/read-airflow-sandboxed.ts`) that reads
 * Airflow DAG files with read_dags.py INSIDE the task sandbox, as python tasks run: bubblewrap,
 * the task limits, no network, a scratch directory of its own. The web app starts it through
 * subprocess.ts for each import (services/dags/import-airflow.ts): the sandbox's modules find
 * their helper files beside themselves, which Next's bundle cannot, so they are not loaded there.
 *
 * stdin: {"files": [{"path", "source"}]}; stdout: read_dags.py's JSON; exit 0. On failure, exit 1
 * with one line on stderr; exit 3 when the read ran past its time (the source is untrusted).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { env } from '../env';
import { resolvePython } from './python';
import { openTaskSandbox, sandboxSettings } from './sandbox';
import { runSubprocess } from './subprocess';

/** The importer's reader, shared with `tributary import airflow`. */
const READER_PATH = path.join(import.meta.dirname, '..', '..', 'cli', 'airflow-import', 'read_dags.py');
const SANDBOX_READER = '/opt/tributary/read_dags.py';
/** The reader's sibling module, which it imports from its own directory. */
const SOURCES_PATH = path.join(path.dirname(READER_PATH), 'function_sources.py');
const TASK_PATH = '/usr/local/bin:/usr/bin:/bin';
/** Parsing takes milliseconds; the web app's own deadline is longer, so this one speaks first. */
const READ_TIMEOUT_MS = 15_000;

async function main(): Promise<number> {
  const input = await text(process.stdin);
  const config = env();
  const { sandbox, summary } = await openTaskSandbox(sandboxSettings(config));
  if (!sandbox) process.stderr.write(`note: ${summary}\n`);
  const python = await resolvePython(config.TRIBUTARY_PYTHON, TASK_PATH);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), READ_TIMEOUT_MS);
  process.once('SIGTERM', () => controller.abort());
  const tempDir = await mkdtemp(path.join(tmpdir(), 'tributary-airflow-read-'));
  const stderr: string[] = [];
  try {
    const result = await runSubprocess(
      { log: { stdout: (line) => process.stdout.write(`${line}\n`), stderr: (line) => void (stderr.length < 20 && stderr.push(line)), system: () => undefined }, signal: controller.signal, tempDir, sandbox },
      {
        command: python,
        args: [sandbox ? SANDBOX_READER : READER_PATH],
        mounts: [
          { source: READER_PATH, dest: SANDBOX_READER },
          { source: SOURCES_PATH, dest: path.join(path.dirname(SANDBOX_READER), 'function_sources.py') },
        ],
        env: { PATH: TASK_PATH, HOME: tempDir, TMPDIR: tempDir, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
        stdin: input,
        killGraceMs: 1_000,
      },
    );
    if (result.aborted) {
      process.stderr.write(`the read took longer than ${READ_TIMEOUT_MS / 1000} s and was stopped\n`);
      return 3;
    }
    if (result.limit) {
      process.stderr.write(`the read was stopped: ${result.limit}\n`);
      return 3;
    }
    if (result.exitCode !== 0) {
      process.stderr.write(`${python} could not read the file (exit ${result.exitCode ?? result.signal}): ${stderr.join(' | ') || 'no message'}\n`);
      return 1;
    }
    return 0;
  } finally {
    clearTimeout(timer);
    await rm(tempDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
