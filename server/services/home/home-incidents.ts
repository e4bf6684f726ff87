import type { TServiceContext } from '../context';

export type TOpenIncident = {
  id: string;
  dagId: string;
  title: string;
  state: 'open' | 'acknowledged';
  openedAt: Date;
  acknowledgedAt: Date | null;
  failureCount: number;
};

/**
 * The workspace's unresolved incidents (open or acknowledged), open ones first, then newest
 * first. There is at most one per DAG (incident.openKey), so the list stays short.
 */
export async function openIncidents(ctx: TServiceContext, limit: number): Promise<TOpenIncident[]> {
  return ctx.db.$queryRaw<TOpenIncident[]>`
    select i.id, d."dagId", i.title, i.state, i."openedAt", i."acknowledgedAt", i."failureCount"
    from incident i join dag d on d.id = i."dagPk"
    where i."workspaceId" = ${ctx.workspaceId} and i.state in ('open', 'acknowledged')
    order by i.state = 'acknowledged', i."openedAt" desc
    limit ${limit}`;
}
