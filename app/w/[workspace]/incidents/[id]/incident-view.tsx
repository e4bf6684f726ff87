'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { formatDuration } from '../../../../components/format-time';
import { dagHref, incidentHref, runHref } from '../../../../components/links';
import { useFormatTime } from '../../../../components/time-zone-context';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { IncidentStateBadge, PostmortemMarks } from '../incident-badges';
import { incidentsHref } from '../incidents-url';
import styles from './incident.module.css';
import { IncidentTimeline } from './incident-timeline';
import type { TIncident } from './incident-type';
import { PostmortemSection } from './postmortem-section';

/** While unresolved the timeline grows (failures, alerts): keep it current. */
const LIVE_MS = 5_000;

/** An incident's page: what happened and who is on it, Acknowledge and Resolve, the timeline and the post-mortem. */
export function IncidentView({ id, initial, canEdit }: { id: string; initial: TIncident; canEdit: boolean }) {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const query = useQuery({
    ...trpc.incidents.get.queryOptions({ id }),
    initialData: initial,
    refetchInterval: (current) => (current.state.data?.state === 'resolved' ? false : LIVE_MS),
  });
  const incident = query.data;
  return (
    <>
      <p className="small"><Link href={incidentsHref(workspace)}>Incidents</Link> / <Link href={incidentsHref(workspace, { dagId: incident.dagId })}>{incident.dagId}</Link></p>
      <h1>{incident.title}</h1>
      <div className={styles.headline}>
        <IncidentStateBadge state={incident.state} />
        <span>DAG <Link href={dagHref(workspace, incident.dagId)}>{incident.dagId}</Link></span>
        <PostmortemMarks incident={incident} dashWhenNone={false} />
      </div>
      {query.isError && <p role="alert" className="form-error">Could not refresh the incident: {query.error.message}</p>}
      <div className={styles.top}>
        <Facts workspace={workspace} incident={incident} />
        {canEdit && <Actions incident={incident} />}
      </div>
      <IncidentTimeline entries={incident.timeline} />
      <PostmortemSection incident={incident} canEdit={canEdit} />
    </>
  );
}

function Facts({ workspace, incident }: { workspace: string; incident: TIncident }) {
  const formatTime = useFormatTime();
  const run = (ref: TIncident['firstRun']) => (ref ? <Link href={runHref(workspace, incident.dagId, ref.runId)} title={ref.runId}>{formatTime(ref.logicalDate)}</Link> : <span className="muted">—</span>);
  return (
    <dl className={styles.facts} aria-label="Incident facts">
      <dt>Opened</dt><dd>{formatTime(incident.openedAt)}</dd>
      <dt>Acknowledged</dt>
      <dd data-fact="acknowledged">{incident.acknowledgedAt ? <>{formatTime(incident.acknowledgedAt)} by <strong>{incident.acknowledgedBy ?? 'someone'}</strong></> : <span className="muted">not yet</span>}</dd>
      <dt>Resolved</dt>
      <dd data-fact="resolved">
        {incident.resolvedAt ? <>{formatTime(incident.resolvedAt)} {incident.resolvedBy ? <>by <strong>{incident.resolvedBy}</strong></> : incident.resolvingRun ? 'by a successful run' : null}</> : <span className="muted">not yet</span>}
      </dd>
      <dt>Time to acknowledge</dt><dd>{formatDuration(incident.ttaSeconds)}</dd>
      <dt>Time to resolve</dt><dd>{formatDuration(incident.ttrSeconds)}</dd>
      <dt>Failures</dt><dd>{incident.failureCount}</dd>
      <dt>First failed run</dt><dd>{run(incident.firstRun)}</dd>
      <dt>Resolving run</dt><dd>{run(incident.resolvingRun)}</dd>
    </dl>
  );
}

/** Acknowledge (someone is on it) and Resolve by hand; each confirmed by a toast, a refusal (409: who was first) shown as one. */
function Actions({ incident }: { incident: TIncident }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const link = { href: incidentHref(workspace, incident.id), label: 'Open incident' };
  const refresh = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.incidents.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.home.pathKey() }),
  ]);
  const options = (verb: string) => ({
    onSuccess: (updated: TIncident) => {
      queryClient.setQueryData(trpc.incidents.get.queryKey({ id: incident.id }), updated);
      toast.success(`Incident ${verb}`, { description: updated.title, link });
      return refresh();
    },
    onError: (error: { message: string }) => {
      toast.error(`Could not ${verb === 'acknowledged' ? 'acknowledge' : 'resolve'} the incident`, { description: error.message });
      return refresh();
    },
  });
  const acknowledge = useMutation(trpc.incidents.acknowledge.mutationOptions(options('acknowledged')));
  const resolve = useMutation(trpc.incidents.resolve.mutationOptions(options('resolved')));
  if (incident.state === 'resolved') return null;
  const pending = acknowledge.isPending || resolve.isPending;
  return (
    <div className={styles.actions}>
      {incident.state === 'open' && (
        <button type="button" className="button-primary" disabled={pending} onClick={() => acknowledge.mutate({ id: incident.id })}>Acknowledge</button>
      )}
      <button type="button" disabled={pending} onClick={() => resolve.mutate({ id: incident.id })}>Resolve</button>
      <p className="muted small">Acknowledge says you are on it. Resolve by hand when no run will: the DAG&apos;s next failure then opens a new incident.</p>
    </div>
  );
}
