import { apiPath } from '../api-client';
import { ZDagListSchema, type TDagView } from '../api-schemas';
import { formatTable } from '../output';
import { connect, type TServerCommandOptions } from './connect';

const PAGE = 100;

/** `dags list`: every DAG of the workspace (all pages), like `airflow dags list`. */
export async function dagsList(options: TServerCommandOptions & { paused?: boolean; active?: boolean }): Promise<number> {
  const { api, out } = connect(options);
  const paused = options.paused ? true : options.active ? false : undefined;
  const dags: TDagView[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.request('GET', apiPath`/dags`, ZDagListSchema, { query: { limit: PAGE, offset, paused } });
    dags.push(...page.dags);
    if (page.dags.length < PAGE || dags.length >= page.total_entries) break;
  }
  out.result({ dags, total_entries: dags.length }, () => {
    if (dags.length === 0) return out.say('No DAGs in this workspace yet: deploy one with `tributary dags deploy <file>`.');
    const rows = dags.map((dag) => [dag.dag_id, dag.is_paused ? 'paused' : 'active', scheduleOf(dag), (dag.owners ?? []).join(','), tagsOf(dag), dag.next_dagrun ?? '']);
    out.say(formatTable(['dag_id', 'state', 'schedule', 'owners', 'tags', 'next_dagrun'], rows));
  });
  return 0;
}

function tagsOf(dag: TDagView): string {
  return (dag.tags ?? []).map((tag) => (typeof tag === 'string' ? tag : tag.name)).join(',');
}

/** Airflow sends `schedule_interval` as {__type, value}; a plain string is shown as it is. */
function scheduleOf(dag: TDagView): string {
  const value = dag.schedule ?? dag.schedule_interval;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'string') return value.value;
  return dag.timetable_description ?? (value === null ? 'None' : '');
}
