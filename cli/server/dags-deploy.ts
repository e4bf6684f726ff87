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
  | { file: string; dag_id: string; status: 'created' | 'updated' | 'unchanged' }
  | { file: string; dag_id: string | null; status: 'invalid' | 'error'; detail: string; errors: TCliProblem[] };

/**
 * `dags deploy <file-or-dir>`: PUTs each spec as written (YAML or JSON), so the server reports
 * problems at the file's own lines. One invalid file does not stop the others; the exit code
 * is 1 if any failed.
 */
export async function dagsDeploy(target: string, options: TServerCommandOptions): Promise<number> {
  const { api, out } = connect(options);
  const files = await specFiles(target);
  const outcomes: TDeployOutcome[] = [];
  // One at a time, in name order: the output reads in a stable order and the server sees no burst.
  for (const file of files) outcomes.push(await deployFile(api, file));
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

async function deployFile(api: TApiClient, file: string): Promise<TDeployOutcome> {
  const source = await readFile(file, 'utf8');
  const dagId = dagIdOf(source);
  // An unreadable spec still goes to the server under its file name: the server's answer
  // places every problem at its line, which is what the user needs to fix it.
  const urlDagId = dagId ?? path.basename(file).replace(SPEC_FILE, '');
  const contentType = /\.json$/i.test(file) ? 'application/json' : 'application/yaml';
  try {
    const result = await api.request('PUT', apiPath`/dags/${urlDagId}`, ZDeployResultSchema, { raw: { text: source, contentType } });
    return { file, dag_id: result.dag_id, status: result.deploy_status };
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
    if (outcome.status !== 'invalid' && outcome.status !== 'error') continue;
    out.warn('');
    out.warn(`${outcome.file}: ${outcome.detail}`);
    for (const problem of outcome.errors) out.warn(formatProblem(outcome.file, problem));
  }
}
