import { apiPath } from '../api-client';
import { ZDagSchema } from '../api-schemas';
import { connect, type TServerCommandOptions } from './connect';

/** `dags pause` / `dags unpause`: Airflow's PATCH /dags/{dag_id} with is_paused. */
export async function setPaused(dagId: string, isPaused: boolean, options: TServerCommandOptions): Promise<number> {
  const { api, out } = connect(options);
  const dag = await api.request('PATCH', apiPath`/dags/${dagId}`, ZDagSchema, { json: { is_paused: isPaused }, query: { update_mask: 'is_paused' } });
  out.result(dag, () => out.say(`${dag.is_paused ? 'Paused' : 'Unpaused'} DAG ${dag.dag_id}.`));
  return 0;
}
