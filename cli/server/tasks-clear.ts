import { apiPath, type TApiClient } from '../api-client';
import { ZClearResultSchema } from '../api-schemas';
import { CliError } from '../cli-error';
import { formatTable, type TOutput } from '../output';
import { confirm } from '../prompt';
import { connect, type TServerCommandOptions } from './connect';

type TClearOptions = TServerCommandOptions & {
  runId?: string;
  taskIds?: string[];
  onlyFailed?: boolean;
  downstream?: boolean;
  upstream?: boolean;
  startDate?: string;
  endDate?: string;
  latestVersion?: boolean;
  yes?: boolean;
  dryRun?: boolean;
};

type TClearResult = Awaited<ReturnType<typeof clear>>;

function clear(api: TApiClient, dagId: string, options: TClearOptions, dryRun: boolean) {
  // Airflow's clearTaskInstances body; only_failed is sent explicitly because Airflow defaults it to true.
  const body = {
    dag_run_id: options.runId,
    task_ids: options.taskIds,
    only_failed: options.onlyFailed === true,
    include_downstream: options.downstream === true,
    include_upstream: options.upstream === true,
    start_date: options.startDate,
    end_date: options.endDate,
    dry_run: dryRun,
    // Left out unless asked for: the server's default re-runs each run's pinned version, as before.
    ...(options.latestVersion ? { use_latest_version: true } : {}),
  };
  return api.request('POST', apiPath`/dags/${dagId}/clearTaskInstances`, ZClearResultSchema, { json: body });
}

/**
 * `tasks clear`: the instances go back to no state and the scheduler runs them again. Without
 * --yes a dry run shows what would be cleared first, then a terminal asks; a script must say
 * --yes, since nobody is there to answer.
 */
export async function tasksClear(dagId: string, options: TClearOptions): Promise<number> {
  const { api, out } = connect(options);
  if (options.yes && !options.dryRun) return report(out, await clear(api, dagId, options, false), 'Cleared');
  const preview = await clear(api, dagId, options, true);
  if (options.dryRun || preview.task_instances.length === 0) return report(out, preview, 'Would clear');
  printInstances(out, preview, 'Would clear');
  if (!process.stdin.isTTY) {
    throw new CliError('Not clearing without confirmation: stdin is not a terminal. Pass --yes to clear these task instances.');
  }
  if (!(await confirm(`Clear these ${preview.task_instances.length} task instances?`))) {
    out.say('Nothing cleared.');
    return 0;
  }
  return report(out, await clear(api, dagId, options, false), 'Cleared');
}

function report(out: TOutput, result: TClearResult, verb: string): number {
  out.result(result, () => printInstances(out, result, verb));
  return 0;
}

function printInstances(out: TOutput, result: TClearResult, verb: string): void {
  const instances = result.task_instances;
  if (instances.length === 0) return out.say('No task instances match: nothing to clear.');
  out.say(formatTable(['dag_run_id', 'task_id', 'state'], instances.map((ti) => [ti.dag_run_id, ti.task_id, ti.state ?? 'none'])));
  out.say(`${verb} ${instances.length} task instance${instances.length === 1 ? '' : 's'}.`);
}
