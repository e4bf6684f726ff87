'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TRole } from '@/server/domain/members/roles';
import { useTRPC } from '../../../../trpc-provider';
import { formatTime } from '@/app/components/format-time';

const PAGE_SIZE = 50;

/** Every member may read the audit log (the role is unused: nothing here changes anything). */
export function AuditPanel(_props: { role: TRole }) {
  const trpc = useTRPC();
  const [offset, setOffset] = useState(0);
  const query = useQuery({ ...trpc.settings.auditLog.queryOptions({ limit: PAGE_SIZE, offset }), placeholderData: keepPreviousData });
  return (
    <section aria-label="Audit log">
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && query.data.total === 0 && <p className="panel">Nothing recorded yet.</p>}
      {query.data && query.data.total > 0 && (
        <>
          <table>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr>
            </thead>
            <tbody>
              {query.data.entries.map((entry) => (
                <tr key={entry.id}>
                  <td><time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time></td>
                  <td>{entry.actorLabel ?? entry.actorType}</td>
                  <td><code>{entry.action}</code></td>
                  <td>{entry.targetType}{entry.targetId && <> <code>{entry.targetId}</code></>}</td>
                  <td><code className="small">{entry.details === '{}' ? '' : entry.details}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pagination" aria-label="Pages">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Newer</button>
            <span>{offset + 1}–{Math.min(offset + PAGE_SIZE, query.data.total)} of {query.data.total}</span>
            <button type="button" disabled={offset + PAGE_SIZE >= query.data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Older</button>
          </nav>
        </>
      )}
    </section>
  );
}
