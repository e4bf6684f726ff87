'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Tooltip } from 'radix-ui';
import type { TRole } from '@/server/domain/members/roles';
import { useFormatTime } from '@/app/components/time-zone-context';
import { dagHref, runHref, taskHref } from '@/app/components/links';
import { useTRPC } from '../../../../trpc-provider';
import { filterFromSearch, isFiltered, queryOfFilter, searchOfFilter } from './audit-filter-url';
import { AuditFilters } from './audit-filters';
import styles from './audit-panel.module.css';

const PAGE_SIZE = 50;

/** Every member may read the audit log (the role is unused: nothing here changes anything). */
export function AuditPanel(_props: { role: TRole }) {
  const filter = filterFromSearch(useSearchParams());
  // A new filter starts at the newest page, and the form shows what the URL says.
  const key = searchOfFilter(filter);
  return (
    <section aria-label="Audit log">
      <AuditFilters key={`filters${key}`} filter={filter} />
      <AuditEntries key={`entries${key}`} filter={filter} />
    </section>
  );
}

function AuditEntries({ filter }: { filter: ReturnType<typeof filterFromSearch> }) {
  const formatTime = useFormatTime();
  const trpc = useTRPC();
  const [offset, setOffset] = useState(0);
  const query = useQuery({ ...trpc.settings.auditLog.queryOptions({ limit: PAGE_SIZE, offset, ...queryOfFilter(filter) }), placeholderData: keepPreviousData });
  if (query.isError) return <p role="alert" className="form-error">{query.error.message}</p>;
  if (!query.data) return <p className="muted">Loading…</p>;
  if (query.data.total === 0) return <p className="panel">{isFiltered(filter) ? 'No entries match these filters.' : 'Nothing recorded yet.'}</p>;
  return (
    <Tooltip.Provider delayDuration={300}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col" className={styles.when}>When</th><th scope="col" className={styles.who}>Who</th>
            <th scope="col" className={styles.action}>Action</th><th scope="col">Target</th><th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {query.data.entries.map((entry) => (
            <tr key={entry.id}>
              <td><time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time></td>
              <td><Clipped text={entry.actorLabel ?? entry.actorType} /></td>
              <td><code>{entry.action}</code></td>
              <td className={styles.wrap}>{entry.targetType}{entry.targetId && <> <Target entry={entry} /></>}</td>
              <td>{entry.details !== '{}' && <Clipped text={entry.details} code />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pagination" aria-label="Pages">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Newer</button>
        <span>{offset + 1}–{Math.min(offset + PAGE_SIZE, query.data.total)} of {query.data.total}</span>
        <button type="button" disabled={offset + PAGE_SIZE >= query.data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Older</button>
      </nav>
    </Tooltip.Provider>
  );
}

type TEntry = { targetType: string; targetId: string | null; dagId: string | null };

/** The target, linked to its page when it is a DAG, a run or a task instance. */
function Target({ entry }: { entry: TEntry }) {
  const { workspace } = useParams<{ workspace: string }>();
  const id = entry.targetId ?? '';
  const [dagId, runId, taskId] = id.split('/');
  const href =
    entry.targetType === 'dag' ? dagHref(workspace, id)
    : entry.targetType === 'dag_run' && dagId && runId ? runHref(workspace, dagId, runId)
    : entry.targetType === 'task_instance' && dagId && runId && taskId ? taskHref(workspace, dagId, runId, taskId)
    : null;
  return href ? <a href={href}><code>{id}</code></a> : <code>{id}</code>;
}

/** A value cut to two lines; hovering or focusing it shows the whole value. */
function Clipped({ text, code = false }: { text: string; code?: boolean }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        {/* Focusable, so a keyboard user can read the whole value too. */}
        <span tabIndex={0} className={`${styles.clipped} ${code ? styles.code : ''}`} data-full-value="">{text}</span>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className={styles.tooltip} side="bottom" align="start" sideOffset={4} collisionPadding={8}>
          {text}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
