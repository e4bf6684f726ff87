import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TImportReportEntry } from '../../domain/airflow/airflow-description';
import { convertAirflowRead } from '../../domain/airflow/convert-airflow-file';
import type { TSpecProblem } from '../../domain/dag/parse-dag-spec';
import { runSubprocess } from '../../tasks/subprocess';
import { AppError } from '../app-error';

/** The largest file the web import reads: a DAG file is a few KiB; more is not a DAG file. */
export const MAX_AIRFLOW_SOURCE_BYTES = 1024 * 1024;
/** Starting the reader's process and the sandbox, then parsing: seconds at most. */
const READ_TIMEOUT_MS = 30_000;
/** The reader's JSON for one file stays far below this; more is a runaway, not a description. */
const MAX_READER_OUTPUT_CHARS = 16 * 1024 * 1024;

// Found from the product's folder (as authoring's examples are): Next bundles this module, the
// reader's process runs the sources as they are, with the worker's tsx.
const READER_PROCESS = path.join(process.cwd(), 'server', 'tasks', 'read-airflow-sandboxed.ts');

export type TImportedDag = { dag_id: string; line: number; yaml: string; problems: TSpecProblem[] };
export type TAirflowImport = { file: string; dags: TImportedDag[]; report: TImportReportEntry[]; failed: boolean };

/**
 * One Airflow DAG file, pasted or uploaded in the web app, turned into specs and a report,
 * nothing saved. The source is untrusted: read_dags.py only parses it (Python's ast, nothing of
 * it runs), inside the task sandbox as python tasks run (server/tasks/read-airflow-sandboxed.ts),
 * at most MAX_AIRFLOW_SOURCE_BYTES of it, stopped after READ_TIMEOUT_MS.
 */
export async function importAirflowSource(input: { filename: string; source: string }): Promise<TAirflowImport> {
  const bytes = Buffer.byteLength(input.source, 'utf8');
  if (bytes > MAX_AIRFLOW_SOURCE_BYTES) {
    throw new AppError('invalid_input', `${input.filename} is ${Math.ceil(bytes / 1024)} KiB: an Airflow file to import may be at most ${MAX_AIRFLOW_SOURCE_BYTES / 1024} KiB`);
  }
  if (input.source.trim() === '') throw new AppError('invalid_input', `${input.filename} is empty: paste or upload an Airflow DAG file`);
  const [conversion] = convertAirflowRead(await readFile(input.filename, input.source));
  if (!conversion) throw new Error('the Airflow reader described no file');
  return {
    file: conversion.file,
    dags: conversion.dags.map((dag) => ({ dag_id: dag.dagId, line: dag.line, yaml: dag.yaml, problems: dag.problems })),
    report: conversion.report,
    failed: conversion.failed,
  };
}

async function readFile(filename: string, source: string): Promise<unknown> {
  const tempDir = await mkdtemp(path.join(tmpdir(), 'tributary-airflow-import-'));
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stdoutChars = 0;
  const log = {
    stdout: (line: string) => {
      stdoutChars += line.length;
      if (stdoutChars <= MAX_READER_OUTPUT_CHARS) stdout.push(line);
    },
    stderr: (line: string) => void (stderr.length < 20 && stderr.push(line)),
    system: () => undefined,
  };
  try {
    const result = await runSubprocess(
      { log, signal: AbortSignal.timeout(READ_TIMEOUT_MS), tempDir },
      {
        command: process.execPath,
        args: ['--import', 'tsx', READER_PROCESS],
        // tsx resolves from the product's folder; the sandbox settings and TRIBUTARY_PYTHON are the server's.
        cwd: process.cwd(),
        env: readerEnv(tempDir),
        stdin: JSON.stringify({ files: [{ path: filename, source }] }),
        killGraceMs: 2_000,
      },
    );
    if (result.aborted || result.exitCode === 3) {
      throw new AppError('invalid_input', `Reading ${filename} took too long and was stopped${stderr[0] ? `: ${stderr.join(' ')}` : ''}`);
    }
    if (result.exitCode !== 0) throw new Error(`The Airflow reader failed (exit ${result.exitCode ?? result.signal}): ${stderr.join('\n') || 'no message'}`);
    if (stdoutChars > MAX_READER_OUTPUT_CHARS) throw new AppError('invalid_input', `${filename} describes more than the importer reads at once: split the file`);
    return JSON.parse(stdout.join('\n')) as unknown;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** The reader process's whole environment: the sandbox's and Python's settings, nothing else of the server's. */
function readerEnv(tempDir: string): Record<string, string> {
  const passed: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: tempDir, TMPDIR: tempDir, LANG: 'C.UTF-8', NODE_ENV: 'production' };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && (name.startsWith('TRIBUTARY_TASK_') || name === 'TRIBUTARY_PYTHON')) passed[name] = value;
  }
  return passed;
}
