import { apiPath } from '../api-client';
import { ZDagRunListSchema } from '../api-schemas';
import { formatTable } from '../output';
import { connect, type TServerCommandOptions } from './connect';

type TRunsListOptions = TServerCommandOptions & { state?: string; limit: number };

/** `runs list <dag_id>`: the newest runs first, like `airflow dags list-runs`. */
export async function runsList(dagId: string, options: TRunsListOptions): Promise<number> {
  const { api, out } = connect(options);
  const page = await api.request('GET', apiPath`/dags/${dagId}/dagRuns`, ZDagRunListSchema, {
    query: { state: options.state, limit: options.limit, order_by: '-logical_date' },
  });
  out.result(page, () => {
    if (page.dag_runs.length === 0) return out.say(`No runs of ${dagId}${options.state ? ` in state ${options.state}` : ''}.`);
    const rows = page.dag_runs.map((run) => [run.dag_run_id, run.state, run.run_type, run.logical_date, run.start_date, run.end_date]);
    out.say(formatTable(['dag_run_id', 'state', 'run_type', 'logical_date', 'start_date', 'end_date'], rows));
    if (page.total_entries > page.dag_runs.length) out.say(`(${page.dag_runs.length} of ${page.total_entries} runs; use --limit for more)`);
  });
  return 0;
}
