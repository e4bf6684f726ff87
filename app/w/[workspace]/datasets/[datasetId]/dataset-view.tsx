'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { dagHref, runHref } from '../../../../components/links';
import { useFormatTime } from '../../../../components/time-zone-context';
import { useTRPC } from '../../../../trpc-provider';
import styles from '../datasets.module.css';
import { DatasetCuration } from './dataset-curation';
import { DatasetHistory } from './dataset-history';
import type { TDatasetPageData } from './dataset-type';
import { LineageSection } from './lineage-section';
import { ReviewBanner } from './review-banner';
import { datasetShortForm } from '@/server/domain/catalog/dataset-short-form';

/** The dataset page: identity, curation (editable by editors), observations, history, tasks, lineage and impact. */
export function DatasetView({ id, initial, canEdit }: { id: string; initial: TDatasetPageData; canEdit: boolean }) {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const query = useQuery({ ...trpc.datasets.page.queryOptions({ id }), initialData: initial });
  const dataset = query.data;
  return (
    <>
      <p className="small"><Link href={`/w/${encodeURIComponent(workspace)}/datasets`}>Datasets</Link> / {dataset.connId}</p>
      <div className={styles.header}>
        <h1>{datasetShortForm(dataset)}</h1>
        <FreshnessBadge state={dataset.freshness.state} />
        {dataset.origin === 'manual' && <span className="tag">registered by hand</span>}
      </div>
      <p className={styles.identity} aria-label="OpenLineage name">
        {dataset.namespace && dataset.olName ? `${dataset.namespace} · ${dataset.olName}` : 'No OpenLineage name: the connection does not exist or is not PostgreSQL'}
      </p>
      {dataset.deprecation && <Deprecated id={dataset.id} deprecation={dataset.deprecation} canEdit={canEdit} />}
      <ReviewBanner dataset={dataset} canEdit={canEdit} />
      {query.isError && <p role="alert" className="form-error">Could not refresh the dataset: {query.error.message}</p>}
      <div className={styles.columns}>
        <DatasetCuration dataset={dataset} canEdit={canEdit} />
        <Facts workspace={workspace} dataset={dataset} />
      </div>
      <Tasks workspace={workspace} dataset={dataset} />
      <DatasetHistory workspace={workspace} dataset={dataset} />
      <LineageSection id={dataset.id} />
    </>
  );
}

export function FreshnessBadge({ state }: { state: string | null }) {
  return <span className={styles.badge} data-freshness={state ?? 'unknown'} aria-label="Freshness">{state ?? 'freshness not yet evaluated'}</span>;
}

/** The deprecation notice; editors can take it back (deprecated by mistake, or needed after all). */
function Deprecated({ id, deprecation, canEdit }: { id: string; deprecation: NonNullable<TDatasetPageData['deprecation']>; canEdit: boolean }) {
  const formatTime = useFormatTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const undo = useMutation(trpc.datasetObservations.undeprecate.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.datasets.page.queryKey({ id }) }),
  }));
  return (
    <div role="status" className={styles.deprecated}>
      <strong>Deprecated</strong> {formatTime(deprecation.at)}{deprecation.by ? ` by ${deprecation.by}` : ''}{deprecation.note ? `: ${deprecation.note}` : ''}
      {canEdit && (
        <>
          {' '}
          <button type="button" disabled={undo.isPending} onClick={() => undo.mutate({ id })}>Undo deprecation</button>
          {undo.isError && <span role="alert" className="form-error"> {undo.error.message}</span>}
        </>
      )}
    </div>
  );
}

const after = (value: TDatasetPageData['freshness']['warnAfter']) => (value ? `${value.count} ${value.period}${value.count === 1 ? '' : 's'}` : null);

function Facts({ workspace, dataset }: { workspace: string; dataset: TDatasetPageData }) {
  const formatTime = useFormatTime();
  const { lastUpdate, freshness } = dataset;
  return (
    <section className="panel" aria-labelledby="dataset-facts">
      <h2 id="dataset-facts">Facts</h2>
      <dl className={styles.facts}>
        <dt>Last update</dt>
        <dd data-fact="last-update">
          {lastUpdate === null ? <span className="muted">no update recorded yet</span>
            : lastUpdate.run ? <Link href={runHref(workspace, lastUpdate.run.dagId, lastUpdate.run.runId)}>{formatTime(lastUpdate.at)}</Link>
            : formatTime(lastUpdate.at)}
        </dd>
        <dt>Freshness</dt>
        <dd>
          <FreshnessBadge state={freshness.state} />
          {freshness.stateSince && <span className="muted small"> since {formatTime(freshness.stateSince)}</span>}
        </dd>
        <dt>Late after</dt><dd>{after(freshness.warnAfter) ?? <span className="muted">from the producing DAG&apos;s schedule</span>}</dd>
        <dt>Stale after</dt><dd>{after(freshness.errorAfter) ?? <span className="muted">from the producing DAG&apos;s schedule</span>}</dd>
        <dt>Rows (estimate)</dt>
        <dd data-fact="rows">{dataset.rowCountEstimate === null ? <span className="muted">not yet introspected</span> : dataset.rowCountEstimate.toLocaleString('en')}</dd>
        <dt>Columns checked</dt><dd>{dataset.columnsCheckedAt ? formatTime(dataset.columnsCheckedAt) : <span className="muted">not yet introspected</span>}</dd>
      </dl>
    </section>
  );
}

function Tasks({ workspace, dataset }: { workspace: string; dataset: TDatasetPageData }) {
  const list = (refs: TDatasetPageData['producers'], none: string) =>
    refs.length === 0 ? <p className="muted">{none}</p> : (
      <ul>
        {refs.map((ref) => (
          <li key={`${ref.dagId}.${ref.taskId}.${ref.source}`}>
            <Link href={dagHref(workspace, ref.dagId)}>{ref.dagId}</Link> · {ref.taskId} <span className="tag">{ref.source}</span>
          </li>
        ))}
      </ul>
    );
  return (
    <section className="panel" aria-labelledby="dataset-tasks">
      <h2 id="dataset-tasks">Tasks that write and read it</h2>
      <div className={styles.columns}>
        <div><h3>Producers</h3>{list(dataset.producers, 'No deployed task writes it.')}</div>
        <div><h3>Consumers</h3>{list(dataset.consumers, 'No deployed task reads it.')}</div>
      </div>
    </section>
  );
}
