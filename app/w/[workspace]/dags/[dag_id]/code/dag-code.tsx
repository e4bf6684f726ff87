'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useFormatTime } from '../../../../../components/time-zone-context';
import { YamlView } from '../../../../../components/yaml-view';
import { useTRPC } from '../../../../../trpc-provider';
import styles from './code.module.css';
import { VersionDiff } from './version-diff-view';

type TVersion = { version: number; created_at: string; content_hash: string };

export function versionLabel(version: TVersion, formatTime: (iso: string, precision: 'minute') => string): string {
  return `v${version.version} · ${formatTime(version.created_at, 'minute')} · ${version.content_hash.slice(0, 12)}`;
}

/** Source of the chosen version (newest by default), the versions the latest runs used, and a diff. */
export function DagCode({ dagId }: { dagId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.dagViews.versions.queryOptions({ dagId }));
  const formatTime = useFormatTime();
  const [chosen, setChosen] = useState<number | null>(null);
  if (versions.isError) return <p role="alert" className="form-error">Could not load the versions: {versions.error.message}</p>;
  if (!versions.data) return <p className="muted">Loading the versions…</p>;
  const newest = versions.data[0];
  if (!newest) return <p className="panel">This DAG has no deployed version.</p>;
  const version = chosen ?? newest.version;
  return (
    <div className={styles.layout}>
      <section aria-label="Source">
        <label className={styles.picker}>
          Version
          <select value={version} onChange={(event) => setChosen(Number(event.target.value))}>
            {versions.data.map((item) => <option key={item.version} value={item.version}>{versionLabel(item, formatTime)}</option>)}
          </select>
        </label>
        <SourceView dagId={dagId} version={version} />
      </section>
      <RunVersions dagId={dagId} />
      <VersionDiff dagId={dagId} versions={versions.data} />
    </div>
  );
}

function SourceView({ dagId, version }: { dagId: string; version: number }) {
  const trpc = useTRPC();
  const source = useQuery(trpc.dagViews.source.queryOptions({ dagId, version }));
  if (source.isError) return <p role="alert" className="form-error">Could not load version {version}: {source.error.message}</p>;
  if (!source.data) return <p className="muted">Loading the source…</p>;
  return (
    <div className={styles.viewer}>
      <YamlView source={source.data.source} label={`Source of version ${version}`} />
    </div>
  );
}

function RunVersions({ dagId }: { dagId: string }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.dagViews.runsWithVersions.queryOptions({ dagId }));
  return (
    <section aria-label="Versions of the latest runs">
      <h3>Latest runs</h3>
      {runs.isError && <p role="alert" className="form-error">Could not load the runs: {runs.error.message}</p>}
      {runs.data && runs.data.length === 0 && <p className="muted">No runs yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <table className={styles.runs}>
          <thead>
            <tr><th scope="col">Run</th><th scope="col">State</th><th scope="col">Version</th></tr>
          </thead>
          <tbody>
            {runs.data.map((run) => (
              <tr key={run.run_id}>
                <td><code>{run.run_id}</code></td>
                <td><span className={`state-dot state-${run.state}`} aria-hidden="true" /> {run.state}</td>
                <td>v{run.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
