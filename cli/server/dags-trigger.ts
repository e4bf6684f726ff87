import { apiPath } from '../api-client';
import { ZDagRunSchema } from '../api-schemas';
import { connect, type TServerCommandOptions } from './connect';

type TTriggerOptions = TServerCommandOptions & { conf?: Record<string, unknown>; logicalDate?: string; runId?: string };

/** `dags trigger`: a manual run, as `airflow dags trigger`. */
export async function dagsTrigger(dagId: string, options: TTriggerOptions): Promise<number> {
  const { api, out } = connect(options);
  const body = { conf: options.conf, logical_date: options.logicalDate, dag_run_id: options.runId };
  const run = await api.request('POST', apiPath`/dags/${dagId}/dagRuns`, ZDagRunSchema, { json: body });
  out.result(run, () => {
    out.say(`Created run ${run.dag_run_id} of ${dagId} (logical date ${run.logical_date ?? 'none'}, state ${run.state ?? 'none'}).`);
    out.say(`Follow it with: tributary runs list ${dagId}`);
  });
  return 0;
}
