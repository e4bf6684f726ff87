'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { incidentHref, runHref } from '../../../../components/links';
import { useFormatTime } from '../../../../components/time-zone-context';
import styles from '../datasets.module.css';
import type { TDatasetPageData } from './dataset-type';

type TRun = TDatasetPageData['updates'][number]['run'];

/** What others observed about the dataset: columns, schema history, checks, updates, incidents. Empty says "not yet". */
export function DatasetHistory({ workspace, dataset }: { workspace: string; dataset: TDatasetPageData }) {
  const formatTime = useFormatTime();
  const run = (ref: TRun, at: string) => (ref ? <Link href={runHref(workspace, ref.dagId, ref.runId)} title={ref.runId}>{formatTime(at)}</Link> : formatTime(at));
  return (
    <>
      <Section id="columns" title="Columns" empty={dataset.columns.length === 0 ? 'Not yet introspected.' : null}>
        <table aria-label="Columns">
          <thead><tr><th>Column</th><th>Type</th><th>Nullable</th><th>Description</th></tr></thead>
          <tbody>{dataset.columns.map((column) => <tr key={column.name}><td>{column.name}</td><td>{column.dataType}</td><td>{column.nullable ? 'yes' : 'no'}</td><td>{column.description ?? ''}</td></tr>)}</tbody>
        </table>
      </Section>
      <Section id="schema" title="Schema history" empty={dataset.schemaChanges.length === 0 ? 'No schema change seen yet.' : null}>
        <table aria-label="Schema history">
          <thead><tr><th>Seen</th><th>Change</th><th>Column</th><th>Type</th></tr></thead>
          <tbody>
            {dataset.schemaChanges.map((change, index) => (
              <tr key={`${change.seenAt}-${index}`}>
                <td>{run(change.run, change.seenAt)}</td><td>{change.kind}</td><td>{change.columnName}</td>
                <td>{change.kind === 'retyped' ? `${change.fromType} → ${change.toType}` : (change.toType ?? change.fromType ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="checks" title="Quality checks" empty={dataset.checks.length === 0 ? 'No checks yet.' : null}>
        <table aria-label="Quality checks">
          <thead><tr><th>When</th><th>Check</th><th>Result</th><th>Observed</th><th>Expected</th><th>Message</th></tr></thead>
          <tbody>
            {dataset.checks.map((check, index) => (
              <tr key={`${check.createdAt}-${index}`}>
                <td>{run(check.run, check.createdAt)}</td><td>{check.checkName}</td>
                <td className={check.passed ? styles.passed : styles.failed}>{check.passed ? 'passed' : 'failed'}</td>
                <td>{JSON.stringify(check.observed ?? null)}</td><td>{JSON.stringify(check.expected ?? null)}</td><td>{check.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="updates" title="Recent updates" empty={dataset.updates.length === 0 ? 'No update recorded yet.' : null}>
        <table aria-label="Recent updates">
          <thead><tr><th>When</th><th>By</th></tr></thead>
          <tbody>
            {dataset.updates.map((update, index) => (
              <tr key={`${update.createdAt}-${index}`}>
                <td>{run(update.run, update.createdAt)}</td>
                <td>{update.source === 'task' ? `task ${update.taskId ?? ''}` : `API${update.actor ? ` (${update.actor})` : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="incidents" title="Related incidents" empty={dataset.incidents.length === 0 ? 'No incident on the DAGs that read or write it.' : null}>
        <ul>
          {dataset.incidents.map((incident) => (
            <li key={incident.id}><Link href={incidentHref(workspace, incident.id)}>{incident.title}</Link> <span className="tag">{incident.state}</span> <span className="muted small">{incident.dagId} · {formatTime(incident.openedAt)}</span></li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function Section({ id, title, empty, children }: { id: string; title: string; empty: string | null; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`dataset-${id}`}>
      <h2 id={`dataset-${id}`}>{title}</h2>
      {empty === null ? children : <p className="muted">{empty}</p>}
    </section>
  );
}
