'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { useFormatTime } from '../../components/time-zone-context';
import { EmptyWorkspace } from '../../components/empty-workspace';
import { dagHref, runHref } from '../../components/links';
import { StateBadge } from '../../components/state-badge';
import { useTRPC } from '../../trpc-provider';
import styles from './home.module.css';
import { OpenIncidents } from './incidents/open-incidents';
import { taskInstancesHref, utcMinute } from './task-instances/browser-url';

/** The home stays current while it is open, as the DAG list does. */
const REFRESH_MS = 15_000;

export function WorkspaceHome({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const query = useQuery({ ...trpc.home.overview.queryOptions(), refetchInterval: REFRESH_MS });
  const anyDag = useQuery({ ...trpc.dags.list.queryOptions({ limit: 1 }), refetchInterval: REFRESH_MS });
  if (query.isError) return <p role="alert" className="form-error">Could not load the home page: {query.error.message}</p>;
  if (!query.data) return <p className="muted">Loading…</p>;
  const home = query.data;
  return (
    <>
      {anyDag.data?.total === 0 && <EmptyWorkspace workspace={workspace} canEdit={canEdit} />}
      <OpenIncidents workspace={workspace} incidents={home.open_incidents} className={`panel ${styles.section} ${styles.alert}`} />
      <div className={styles.grid}>
        <FailingDags workspace={workspace} home={home} />
        <StaleDags workspace={workspace} home={home} />
        <RunsInProgress workspace={workspace} home={home} />
        <LastDay workspace={workspace} home={home} />
        <NextRuns workspace={workspace} home={home} />
        <RecentDeploys workspace={workspace} home={home} />
      </div>
    </>
  );
}

type TSectionProps = { workspace: string; home: inferRouterOutputs<AppRouter>['home']['overview'] };

function Section({ title, alert, children }: { title: string; alert?: boolean; children: ReactNode }) {
  return (
    <section className={`panel ${styles.section} ${alert ? styles.alert : ''}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function FailingDags({ workspace, home }: TSectionProps) {
  const formatTime = useFormatTime();
  const dags = home.failing_dags;
  return (
    <Section title="DAGs failing now" alert={dags.length > 0}>
      {dags.length === 0 ? <p className="muted">No DAG's latest finished run failed.</p> : (
        <table>
          <thead><tr><th scope="col">DAG</th><th scope="col">Failing since</th><th scope="col">Latest failure</th></tr></thead>
          <tbody>
            {dags.map((dag) => (
              <tr key={dag.dag_id}>
                <td><Link href={dagHref(workspace, dag.dag_id)}>{dag.dag_id}</Link>{dag.is_paused && <span className="muted small"> (paused)</span>}</td>
                <td><Link href={runHref(workspace, dag.dag_id, dag.first_failed_run_id)} title={dag.first_failed_run_id}>{formatTime(dag.first_failed_end_date ?? dag.first_failed_logical_date)}</Link></td>
                <td><Link href={runHref(workspace, dag.dag_id, dag.run_id)} aria-label={`Failed run ${dag.run_id} of ${dag.dag_id}`}>{dag.run_id}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function StaleDags({ workspace, home }: TSectionProps) {
  const formatTime = useFormatTime();
  const dags = home.stale_dags;
  return (
    <Section title="Stale DAGs" alert={dags.length > 0}>
      <p className="muted small">Active and scheduled, but the run due has not been created: late by more than one schedule interval (at least 2, at most 10 minutes).</p>
      {dags.length === 0 ? <p className="muted">Every active DAG is on schedule.</p> : (
        <table>
          <thead><tr><th scope="col">DAG</th><th scope="col">Schedule</th><th scope="col">Due since</th></tr></thead>
          <tbody>
            {dags.map((dag) => (
              <tr key={dag.dag_id}>
                <td><Link href={dagHref(workspace, dag.dag_id)}>{dag.dag_id}</Link></td>
                <td title={dag.schedule ?? undefined}>{dag.schedule_description}</td>
                <td>{dag.reason === 'unplanned' ? <>not planned since {formatTime(dag.due_at)}</> : formatTime(dag.due_at)} <span className="muted small">({Math.round(dag.late_by_seconds / 60)} min late)</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function RunsInProgress({ workspace, home }: TSectionProps) {
  const formatTime = useFormatTime();
  const { runs, total } = home.runs_in_progress;
  return (
    <Section title="Runs in progress">
      {runs.length === 0 ? <p className="muted">No run is queued or running.</p> : (
        <>
          <table>
            <thead><tr><th scope="col">Run</th><th scope="col">State</th><th scope="col">Started</th><th scope="col">Progress</th></tr></thead>
            <tbody>
              {runs.map((run) => (
                <tr key={`${run.dag_id}\u0000${run.run_id}`}>
                  <td><Link href={runHref(workspace, run.dag_id, run.run_id)} title={run.run_id}>{run.dag_id}</Link><div className="muted small">{formatTime(run.logical_date)}</div></td>
                  <td><StateBadge state={run.state} /></td>
                  <td>{run.start_date ? formatTime(run.start_date) : <span className="muted">queued {formatTime(run.queued_at)}</span>}</td>
                  <td>
                    <span className={styles.progress} aria-hidden="true"><span className={styles.progressDone} style={{ width: `${run.tasks_total ? (100 * run.tasks_done) / run.tasks_total : 0}%` }} /></span>
                    {run.tasks_done} / {run.tasks_total} tasks
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > runs.length && <p className="muted small">and {total - runs.length} more</p>}
        </>
      )}
    </Section>
  );
}

function Counts({ label, counts, href }: { label: string; counts: Record<string, number>; href: (state: string) => string }) {
  const states = Object.keys(counts).sort();
  return (
    <>
      <h3 className="small">{label}</h3>
      {states.length === 0 ? <p className="muted">None.</p> : (
        <ul className={styles.counts} aria-label={label}>
          {states.map((state) => (
            <li key={state}>
              <Link href={href(state)} aria-label={`${label}: ${counts[state]} ${state}`}>
                <span className={`state-dot state-${state}`} aria-hidden="true" />{state} <strong>{counts[state]}</strong>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function LastDay({ workspace, home }: TSectionProps) {
  const formatTime = useFormatTime();
  const from = utcMinute(home.last_24h.since);
  return (
    <Section title="Last 24 hours">
      <p className="muted small">Runs with a logical date since {formatTime(home.last_24h.since)}, and their task instances.</p>
      <Counts label="Runs" counts={home.last_24h.runs} href={(state) => taskInstancesHref(workspace, { runState: state, from })} />
      <Counts label="Task instances" counts={home.last_24h.task_instances} href={(state) => taskInstancesHref(workspace, { state, from })} />
    </Section>
  );
}

function NextRuns({ workspace, home }: TSectionProps) {
  const formatTime = useFormatTime();
  return (
    <Section title="Next scheduled runs">
      {home.next_runs.length === 0 ? <p className="muted">No active scheduled DAG: unpause one on the DAG list.</p> : (
        <table>
          <thead><tr><th scope="col">DAG</th><th scope="col">Runs at</th><th scope="col">Logical date</th></tr></thead>
          <tbody>
            {home.next_runs.map((run) => (
              <tr key={run.dag_id}>
                <td><Link href={dagHref(workspace, run.dag_id)}>{run.dag_id}</Link><div className="muted small" title={run.schedule ?? undefined}>{run.schedule_description}</div></td>
                <td>{formatTime(run.run_after)}</td>
                <td>{formatTime(run.logical_date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function RecentDeploys({ workspace, home }: TSectionProps) {
  const formatTime = useFormatTime();
  return (
    <Section title="Recent deploys">
      {home.recent_deploys.length === 0 ? <p className="muted">Nothing deployed yet: <code>tributary dags deploy my_dag.yaml</code>.</p> : (
        <table>
          <thead><tr><th scope="col">DAG</th><th scope="col">Version</th><th scope="col">By</th><th scope="col">When</th></tr></thead>
          <tbody>
            {home.recent_deploys.map((deploy) => (
              <tr key={`${deploy.dag_id}\u0000${deploy.version}`}>
                <td><Link href={dagHref(workspace, deploy.dag_id)}>{deploy.dag_id}</Link></td>
                <td><Link href={`${dagHref(workspace, deploy.dag_id)}/code`} aria-label={`Code of ${deploy.dag_id} v${deploy.version}`}>v{deploy.version}</Link></td>
                <td>{deploy.created_by ?? <span className="muted">—</span>}</td>
                <td>{formatTime(deploy.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
