import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../../server/domain/dag/strict-object';
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
 * the other in name order (the last one is the current version), a DAG whose `trigger_dag` task
 * names another DAG of the same set after that DAG (the server refuses a target it does not
 * know), and the output is in name order.
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

type TSpecFile = { file: string; source: string; dagId: string | null; triggers: string[] };

/**
 * One lane per dag_id (files whose dag_id cannot be read get a lane each: the server rejects
 * them), at most DEPLOY_CONCURRENCY lanes at a time, wave after wave (see triggerWaves); the
 * outcomes come back in `files`' order.
 */
async function deployInLanes(api: TApiClient, files: string[]): Promise<TDeployOutcome[]> {
  const specs: TSpecFile[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    specs.push({ file, source, ...specFacts(source) });
  }
  const lanes = Map.groupBy(specs.keys(), (index) => specs[index]!.dagId ?? `\u0000${specs[index]!.file}`);
  const outcomes: TDeployOutcome[] = new Array(files.length);
  let failure: unknown = null;
  for (const queue of triggerWaves(lanes, specs)) {
    let next = 0;
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
  }
  return outcomes;
}

/**
 * The lanes in waves: a DAG that triggers another DAG of the set goes in a wave after that
 * DAG's, so the target exists when the server checks it. A cycle (A triggers B, B triggers A)
 * cannot be ordered: it is cut where the walk first meets it, and the server refuses the DAG
 * whose target does not exist yet, naming it. A wave may then be empty: the filter drops it.
 */
function triggerWaves(lanes: Map<string, number[]>, specs: readonly TSpecFile[]): number[][][] {
  const targetsOf = (lane: string) => new Set(lanes.get(lane)!.flatMap((index) => specs[index]!.triggers).filter((target) => target !== lane && lanes.has(target)));
  const waveOf = new Map<string, number>();
  const visiting = new Set<string>();
  const wave = (lane: string): number => {
    const known = waveOf.get(lane);
    if (known !== undefined) return known;
    if (visiting.has(lane)) return 0;
    visiting.add(lane);
    const value = Math.max(-1, ...[...targetsOf(lane)].map(wave)) + 1;
    visiting.delete(lane);
    waveOf.set(lane, value);
    return value;
  };
  const waves: number[][][] = [];
  for (const [lane, indexes] of lanes) (waves[wave(lane)] ??= []).push(indexes);
  return waves.filter((lanesOfWave) => lanesOfWave !== undefined);
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

/** The spec's dag_id and the DAG ids its trigger_dag tasks name, when the file parses; the server validates the rest. */
function specFacts(source: string): { dagId: string | null; triggers: string[] } {
  let raw: unknown;
  try {
    raw = parse(source);
  } catch {
    // Syntax errors are the server's to report, with positions.
    return { dagId: null, triggers: [] };
  }
  if (!isRecord(raw)) return { dagId: null, triggers: [] };
  const dagId = typeof raw.dag_id === 'string' && raw.dag_id !== '' ? raw.dag_id : null;
  const tasks = Array.isArray(raw.tasks) ? raw.tasks : [];
  const triggers = tasks.flatMap((task) => (isRecord(task) && task.type === 'trigger_dag' && typeof task.trigger_dag_id === 'string' ? [task.trigger_dag_id] : []));
  return { dagId, triggers };
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
