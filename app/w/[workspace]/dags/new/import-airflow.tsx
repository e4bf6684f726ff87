'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { dagHref } from '../../../../components/links';
import { useSaveSpec } from '../../../../components/spec-editor-save';
import { useTRPC } from '../../../../trpc-provider';
import styles from './import-airflow.module.css';

const STATUS: Record<'converted' | 'not_converted' | 'note', { label: string; className: string | undefined }> = {
  converted: { label: 'Converted', className: styles.converted },
  not_converted: { label: 'Not converted', className: styles.notConverted },
  note: { label: 'Note', className: styles.note },
};

/**
 * "Import from Airflow": a DAG file pasted or uploaded is read on the server without running it
 * (dags.importAirflow); the spec it becomes sits beside the report, line by line. Save deploys
 * the chosen spec through authoring.save, as the editor's Save does, and opens the DAG.
 */
export function ImportAirflow({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [filename, setFilename] = useState('dag.py');
  const [source, setSource] = useState('');
  const [chosen, setChosen] = useState(0);
  const reader = useMutation(trpc.dags.importAirflow.mutationOptions({ onSuccess: () => setChosen(0) }));
  const saver = useSaveSpec((saved) => router.push(dagHref(workspace, saved.dag_id)));

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFilename(file.name);
    setSource(await file.text());
    reader.reset();
    saver.reset();
  };
  const result = reader.data;
  const dag = result?.dags[chosen] ?? null;
  // A file the reader could not parse says so in one report entry about the whole file.
  const fileErrors = (result?.report ?? []).filter((entry) => entry.subject === 'file' && entry.status === 'not_converted');

  return (
    <div className={styles.columns}>
      <section className={styles.input} aria-label="Airflow file">
        <div className={styles.row}>
          <label>
            Upload a .py file
            <input type="file" accept=".py,text/x-python" onChange={(event) => void upload(event)} />
          </label>
          <label>
            File name
            <input value={filename} onChange={(event) => setFilename(event.target.value)} />
          </label>
        </div>
        <label className="muted small" htmlFor="airflow-source">Or paste the DAG file</label>
        <textarea
          id="airflow-source"
          aria-label="Airflow DAG file"
          spellCheck={false}
          value={source}
          placeholder="from airflow import DAG ..."
          onChange={(event) => {
            setSource(event.target.value);
            saver.reset();
          }}
        />
        <div className={styles.actions}>
          <button type="button" className="button-primary" disabled={source.trim() === '' || reader.isPending} onClick={() => reader.mutate({ filename: filename.trim() || 'dag.py', source })}>
            {reader.isPending ? 'Converting…' : 'Convert'}
          </button>
          <span className="muted small">The file is parsed on the server, never run.</span>
        </div>
        {reader.isError && <p role="alert" className="form-error">{reader.error.message}</p>}
        {fileErrors.map((entry, index) => (
          <p key={index} role="alert" className="form-error">
            {entry.line !== null ? `Line ${entry.line}: ` : ''}{entry.message}
          </p>
        ))}
      </section>
      {result && (
        <section aria-label="Conversion">
          {result.dags.length === 0 && fileErrors.length === 0 && <p className="form-error">No DAG could be converted from {result.file}: see the report.</p>}
          {result.dags.length > 1 && (
            <label className={styles.row}>
              DAG
              <select value={chosen} onChange={(event) => {
                setChosen(Number(event.target.value));
                saver.reset();
              }}>
                {result.dags.map((candidate, index) => <option key={candidate.dag_id} value={index}>{candidate.dag_id} (line {candidate.line})</option>)}
              </select>
            </label>
          )}
          {dag && (
            <>
              <h2>Spec of {dag.dag_id}</h2>
              <pre className={styles.spec} aria-label="Generated spec">{dag.yaml}</pre>
              {dag.problems.length > 0 && (
                <ul role="alert" className="form-error">
                  {dag.problems.map((problem, index) => <li key={index}>{problem.line !== null ? `${problem.line}: ` : ''}{problem.path ? `${problem.path}: ` : ''}{problem.message}</li>)}
                </ul>
              )}
              <div className={styles.actions}>
                <button
                  type="button"
                  className="button-primary"
                  disabled={dag.problems.length > 0 || saver.saving}
                  title={dag.problems.length > 0 ? 'The spec does not validate: fix the Airflow file, or start from it in the editor' : undefined}
                  onClick={() => saver.save({ source: dag.yaml, create: true })}
                >
                  {saver.saving ? 'Saving…' : 'Save'}
                </button>
                <span role="status" aria-live="polite">{saver.outcome}</span>
              </div>
              {saver.refusal.length > 0 && (
                <ul role="alert" className="form-error">
                  {saver.refusal.map((problem, index) => <li key={index}>{problem.path ? `${problem.path}: ` : ''}{problem.message}</li>)}
                </ul>
              )}
            </>
          )}
          <h2>Report</h2>
          <table className={styles.report} aria-label="Import report">
            <thead>
              <tr><th>Line</th><th>Status</th><th>What</th></tr>
            </thead>
            <tbody>
              {result.report.map((entry, index) => (
                <tr key={index}>
                  <td>{entry.line ?? '–'}</td>
                  <td className={STATUS[entry.status].className}>{STATUS[entry.status].label}</td>
                  <td>
                    <strong>{entry.subject}</strong>: {entry.message}
                    {entry.suggestion && <div className={styles.suggestion}>Suggestion: {entry.suggestion}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

/** The choice between writing a spec and importing an Airflow file; viewers see it disabled with the reason. */
export function NewDagModes({ canCreate, editor, importer }: { canCreate: boolean; editor: ReactNode; importer: ReactNode }) {
  const [mode, setMode] = useState<'write' | 'import'>('write');
  const reason = canCreate ? undefined : 'Viewers cannot import DAGs: ask an editor of this workspace';
  return (
    <>
      <div className={styles.modes} role="group" aria-label="How to start">
        <button type="button" aria-pressed={mode === 'write'} disabled={!canCreate} onClick={() => setMode('write')}>Write a spec</button>
        <button type="button" aria-pressed={mode === 'import'} disabled={!canCreate} title={reason} aria-describedby={canCreate ? undefined : 'import-disabled-reason'} onClick={() => setMode('import')}>
          Import from Airflow
        </button>
        {!canCreate && <span id="import-disabled-reason" className="muted small">{reason}.</span>}
      </div>
      {canCreate && (mode === 'write' ? editor : importer)}
    </>
  );
}
