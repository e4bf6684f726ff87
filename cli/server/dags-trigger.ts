import { apiPath } from '../api-client';
import { ZDagRunSchema, ZDagSchema } from '../api-schemas';
import { connect, type TServerCommandOptions } from './connect';

type TTriggerOptions = TServerCommandOptions & { conf?: Record<string, unknown>; logicalDate?: string; runId?: string; unpause?: boolean };

/**
 * `dags trigger`: a manual run, as `airflow dags trigger`. A paused DAG's run waits until the DAG
 * is unpaused, as in Airflow: said on stderr, and `--unpause` unpauses it first.
 */
export async function dagsTrigger(dagId: string, options: TTriggerOptions): Promise<number> {
  const { api, out } = connect(options);
  if (options.unpause) {
    await api.request('PATCH', apiPath`/dags/${dagId}`, ZDagSchema, { json: { is_paused: false }, query: { update_mask: 'is_paused' } });
  } else if ((await api.request('GET', apiPath`/dags/${dagId}`, ZDagSchema)).is_paused) {
    out.warn(`${dagId} is paused: this run will wait until you unpause it (tributary dags unpause ${dagId}, or trigger with --unpause).`);
  }
  const body = { conf: options.conf, logical_date: options.logicalDate, dag_run_id: options.runId };
  const run = await api.request('POST', apiPath`/dags/${dagId}/dagRuns`, ZDagRunSchema, { json: body });
  out.result(run, () => {
    out.say(`Created run ${run.dag_run_id} of ${dagId} (logical date ${run.logical_date ?? 'none'}, state ${run.state ?? 'none'}).`);
    out.say(`Follow it with: tributary runs list ${dagId}`);
  });
  return 0;
}
