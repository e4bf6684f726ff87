import { apiPath } from '../api-client';
import { ZIncidentListSchema, type TIncidentView } from '../api-schemas';
import { formatTable } from '../output';
import { connect, type TServerCommandOptions } from './connect';

type TIncidentsListOptions = TServerCommandOptions & { dag?: string; state?: string; limit: number };

/** `incidents list`: the workspace's incidents, newest first, with their times to acknowledge and resolve. */
export async function incidentsList(options: TIncidentsListOptions): Promise<number> {
  const { api, out } = connect(options);
  const page = await api.request('GET', apiPath`/incidents`, ZIncidentListSchema, { query: { dag_id: options.dag, state: options.state, limit: options.limit } });
  out.result(page, () => {
    if (page.incidents.length === 0) return out.say(`No incidents${options.dag ? ` of ${options.dag}` : ''}${options.state ? ` in state ${options.state}` : ''}.`);
    const rows = page.incidents.map((incident) => [
      incident.id,
      incident.dag_id,
      incident.state,
      incident.opened_at,
      String(incident.failure_count),
      incident.acknowledged_by ?? '',
      duration(incident.tta_seconds),
      duration(incident.ttr_seconds),
      postmortem(incident),
    ]);
    out.say(formatTable(['id', 'dag_id', 'state', 'opened_at', 'failures', 'acknowledged_by', 'tta', 'ttr', 'post-mortem'], rows));
    if (page.total_entries > page.incidents.length) out.say(`(${page.incidents.length} of ${page.total_entries} incidents; use --limit for more)`);
  });
  return 0;
}

function postmortem(incident: TIncidentView): string {
  return incident.postmortem_pending ? 'required' : incident.postmortem_state;
}

/** 95 → 1m35s, 7260 → 2h01m; empty until it happens. */
function duration(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
