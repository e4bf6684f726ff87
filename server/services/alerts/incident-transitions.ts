import { randomUUID } from 'node:crypto';
import type { TDb } from '../../db/sql';
import type { TEventRun, TRelayedEvent } from './alert-event-context';

export type TIncidentRef = { id: string; openedAt: Date; resolvedAt: Date | null; opened: boolean };

/**
 * The first failure of a DAG opens its incident (one unresolved incident per DAG: the key
 * workspace:dag, held in openKey); later failures join it and count.
 */
export async function openOrJoinIncident(tx: TDb, run: TEventRun, event: TRelayedEvent): Promise<TIncidentRef> {
  const [row] = await tx.$queryRaw<{ id: string; openedAt: Date; opened: boolean }[]>`
    insert into incident (id, "workspaceId", "dagPk", state, title, "openedAt", "failureCount", "firstDagRunId", "openKey", "updatedAt")
    values (${randomUUID()}, ${run.workspaceId}, ${run.dagPk}, 'open', ${`${run.dagId} is failing`}, ${event.createdAt}, 1, ${run.id}, ${run.dagPk}, clock_timestamp())
    on conflict ("openKey") do update set "failureCount" = incident."failureCount" + 1, "updatedAt" = clock_timestamp()
    returning id, "openedAt", (xmax = 0) as opened`;
  return { ...row!, resolvedAt: null };
}

/**
 * A successful run resolves the DAG's incident, if it covers the logical date of the run that
 * opened it or a later one (an older run finishing late says nothing about the break). An
 * incident open longer than the workspace's threshold is flagged "post-mortem required".
 */
export async function resolveIncident(tx: TDb, run: TEventRun, event: TRelayedEvent): Promise<TIncidentRef | null> {
  const [row] = await tx.$queryRaw<{ id: string; openedAt: Date; resolvedAt: Date }[]>`
    update incident i set state = 'resolved', "resolvedAt" = ${event.createdAt}, "resolvingDagRunId" = ${run.id}, "openKey" = null,
      "postmortemRequired" = ${event.createdAt}::timestamptz - i."openedAt" > make_interval(mins => ${run.workspace.postmortemAfterMinutes}),
      "updatedAt" = clock_timestamp()
    where i."openKey" = ${run.dagPk}
      and coalesce((select "logicalDate" from dag_run where id = i."firstDagRunId"), '-infinity') <= ${run.logicalDate}
    returning i.id, i."openedAt", i."resolvedAt"`;
  return row ? { ...row, opened: false } : null;
}
