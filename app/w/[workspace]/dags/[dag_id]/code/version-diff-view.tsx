'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '../../../../../trpc-provider';
import styles from './code.module.css';
import { diffMarker, diffRows } from './version-diff';

type TProps = { dagId: string; versions: readonly { version: number }[] };

/** Two versions side by side as one line diff: removed lines marked '-', added lines '+'. */
export function VersionDiff({ dagId, versions }: TProps) {
  const trpc = useTRPC();
  const newest = versions[0]?.version ?? 1;
  const [a, setA] = useState(versions[1]?.version ?? newest);
  const [b, setB] = useState(newest);
  const sourceA = useQuery(trpc.dagViews.source.queryOptions({ dagId, version: a }));
  const sourceB = useQuery(trpc.dagViews.source.queryOptions({ dagId, version: b }));
  const textA = sourceA.data?.source;
  const textB = sourceB.data?.source;
  const rows = useMemo(() => (textA === undefined || textB === undefined ? null : diffRows(textA, textB)), [textA, textB]);
  const picker = (label: string, value: number, onChange: (version: number) => void) => (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {versions.map((item) => <option key={item.version} value={item.version}>v{item.version}</option>)}
      </select>
    </label>
  );
  return (
    <section aria-label="Diff between versions">
      <h3>Compare versions</h3>
      <div className={styles.picker}>
        {picker('Version A', a, setA)}
        {picker('Version B', b, setB)}
      </div>
      {(sourceA.isError || sourceB.isError) && <p role="alert" className="form-error">Could not load a version to compare.</p>}
      {rows === null && !sourceA.isError && !sourceB.isError && <p className="muted">Loading…</p>}
      {rows !== null && rows.length === 0 && <p className="panel">No differences between v{a} and v{b}.</p>}
      {rows !== null && rows.length > 0 && (
        <pre className={styles.source} aria-label={`Changes from v${a} to v${b}`} tabIndex={0}>
          {rows.map((row, index) => (
            <span key={index} className={`${styles.line} ${row.kind === 'same' ? '' : styles[row.kind]}`}>
              <span className={styles.number} aria-hidden="true">{row.oldNumber ?? ''}</span>
              <span className={styles.number} aria-hidden="true">{row.newNumber ?? ''}</span>
              <span className={styles.marker} aria-label={row.kind === 'same' ? undefined : row.kind}>{diffMarker(row.kind)}</span>
              {row.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
