import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { apiPath, type TApiClient } from '../api-client';
import { ZDeployResultSchema } from '../api-schemas';
import { CliError, formatProblem, type TCliProblem } from '../cli-error';
import { formatTable, type TOutput } from '../output';
import { connect, type TServerCommandOptions } from './connect';

const SPEC_FILE = /\.(ya?ml|json)$/i;

type TDeployOutcome =
  | { file: string; dag_id: string; status: 'created' | 'updated' | 'unchanged'; warnings: TCliProblem[] }
  | { file: string; dag_id: string | null; status: 'invalid' | 'error'; detail: string; errors: TCliProblem[] };

// Specs in flight at once. One at a time, a folder of 5,000 specs took minutes, nearly all of it
// waiting on round trips; a few at once keep the server and the database busy without a burst.
const DEPLOY_CONCURRENCY = 6;

/**
 * `dags deploy <file-or-dir>`: PUTs each spec as written (YAML or JSON), so the server reports
 * problems at the file's own lines. One invalid file does not stop the others; the exit code
 * is 1 if any failed. Several files are deployed at once, but the files of one dag_id one after
 * the other in name order (the last one is the current version), and the output is in name order.
 */
export async function dagsDeploy(target: string | string[], options: TServerCommandOptions): Promise<number> {
  const { api, out } = connect(options);
  // A list is a set of spec files another command wrote (`import airflow --deploy`).
  const files = typeof target === 'string' ? await specFiles(target) : target;
  const outcomes = await deployInLanes(api, files);
  const failed = outcomes.filter((outcome) => outcome.status === 'invalid' || outcome.status === 'error');
  out.result({ results: outcomes }, () => printOutcomes(out, outcomes));
  return failed.length > 0 ? 1 : 0;
}

async function specFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new CliError(`${target}: no such file or directory`);
  if (!info.isDirectory()) return [target];
  const names = (await readdir(target)).filter((name) => SPEC_FILE.test(name)).sort();
  if (names.length === 0) throw new CliError(`${target}: no *.yaml, *.yml or *.json files to deploy`);
  return names.map((name) => path.join(target, name));
}

type TSpecFile = { file: string; source: string; dagId: string | null };

/**
 * One lane per dag_id (files whose dag_id cannot be read get a lane each: the server rejects
 * them), at most DEPLOY_CONCURRENCY lanes at a time; the outcomes come back in `files`' order.
 */
async function deployInLanes(api: TApiClient, files: string[]): Promise<TDeployOutcome[]> {
  const specs: TSpecFile[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    specs.push({ file, source, dagId: dagIdOf(source) });
  }
  const lanes = Map.groupBy(specs.keys(), (index) => specs[index]!.dagId ?? `\u0000${specs[index]!.file}`);
  const queue = [...lanes.values()];
  let next = 0;
  const outcomes: TDeployOutcome[] = new Array(files.length);
  let failure: unknown = null;
  const drain = async () => {
    while (next < queue.length && failure === null) {
      for (const index of queue[next++]!) {
        // A failure that is not the file's own (see deployFile) stops every lane.
        outcomes[index] = await deployFile(api, specs[index]!).catch((error: unknown) => {
          failure ??= error;
          throw error;
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DEPLOY_CONCURRENCY, queue.length) }, drain));
  return outcomes;
}

async function deployFile(api: TApiClient, { file, source, dagId }: TSpecFile): Promise<TDeployOutcome> {
  // An unreadable spec still goes to the server under its file name: the server's answer
  // places every problem at its line, which is what the user needs to fix it.
  const urlDagId = dagId ?? path.basename(file).replace(SPEC_FILE, '');
  const contentType = /\.json$/i.test(file) ? 'application/json' : 'application/yaml';
  try {
    const result = await api.request('PUT', apiPath`/dags/${urlDagId}`, ZDeployResultSchema, { raw: { text: source, contentType } });
    return { file, dag_id: result.dag_id, status: result.deploy_status, warnings: result.warnings };
  } catch (error) {
    // A bad token or a broken server fails every file alike: stop at the first.
    const code = error instanceof CliError ? error.options.status : undefined;
    if (!(error instanceof CliError) || code === undefined || code === 401 || code === 403 || code >= 500) throw error;
    const status = error.options.status === 400 ? 'invalid' : 'error';
    return { file, dag_id: dagId, status, detail: error.message, errors: error.options.problems ?? [] };
  }
}

/** The spec's dag_id when the file parses; the server validates the rest. */
function dagIdOf(source: string): string | null {
  try {
    const raw: unknown = parse(source);
    if (typeof raw === 'object' && raw !== null && 'dag_id' in raw && typeof raw.dag_id === 'string' && raw.dag_id !== '') return raw.dag_id;
  } catch {
    // Syntax errors are the server's to report, with positions.
  }
  return null;
}

function printOutcomes(out: TOutput, outcomes: TDeployOutcome[]): void {
  out.say(formatTable(['status', 'dag_id', 'file'], outcomes.map((o) => [o.status, o.dag_id ?? '', o.file])));
  for (const outcome of outcomes) {
    if (!('warnings' in outcome)) {
      out.warn('');
      out.warn(`${outcome.file}: ${outcome.detail}`);
      for (const problem of outcome.errors) out.warn(formatProblem(outcome.file, problem));
      continue;
    }
    // Deployed all the same: lineage informs, it never refuses a spec.
    const count = outcome.warnings.length;
    if (count > 0) out.warn(`\n${outcome.file}: deployed, with ${count} lineage warning${count === 1 ? '' : 's'}`);
    for (const warning of outcome.warnings) out.warn(formatProblem(outcome.file, warning));
  }
}
