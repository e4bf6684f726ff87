'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { hasRole, type TRole } from '@/server/domain/members/roles';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { MutationError, ReadOnlyNotice } from '../mutation-error';
import styles from '../settings.module.css';
import { ConnectionForm, type TConnectionRow } from './connection-form';
import formStyles from './connection-form.module.css';

export function ConnectionsPanel({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const canEdit = hasRole(role, 'admin');
  const [editing, setEditing] = useState<TConnectionRow | null>(null);
  // A new key after each save or cancel remounts the form empty (and forgets a typed password).
  const [formVersion, setFormVersion] = useState(0);
  const query = useQuery(trpc.settings.connections.list.queryOptions({ limit: 100 }));
  return (
    <section aria-label="Connections">
      {!canEdit && <ReadOnlyNotice needs="admin" />}
      {canEdit && <ConnectionForm key={`${editing?.connId ?? 'new'}-${formVersion}`} editing={editing} onDone={() => { setEditing(null); setFormVersion((version) => version + 1); }} />}
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && query.data.total === 0 && <p className="panel">No connections yet.</p>}
      {query.data && query.data.total > 0 && (
        // On a phone the table scrolls inside its box; the page itself never scrolls sideways.
        <div className={formStyles.tableBox}>
        <table>
          <thead>
            <tr>
              <th scope="col">Conn id</th><th scope="col">Type</th><th scope="col">Host</th><th scope="col">Port</th>
              <th scope="col">Login</th><th scope="col">Schema</th><th scope="col">Password</th>{canEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {query.data.connections.map((connection) => (
              <tr key={connection.connId}>
                <td><code>{connection.connId}</code>{connection.description && <div className="muted small">{connection.description}</div>}</td>
                <td>{connection.connType}</td>
                <td>{connection.host ?? <span className="muted">—</span>}</td>
                <td>{connection.port ?? <span className="muted">—</span>}</td>
                <td>{connection.login ?? <span className="muted">—</span>}</td>
                <td>{connection.schema ?? <span className="muted">—</span>}</td>
                <td>{connection.hasPassword ? <span aria-label="set">••••</span> : <span className="muted">not set</span>}</td>
                {canEdit && <td><ConnectionActions connection={connection} onEdit={() => setEditing(connection)} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}

function ConnectionActions({ connection, onEdit }: { connection: TConnectionRow; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(trpc.settings.connections.test.mutationOptions());
  const toast = useToast();
  const remove = useMutation(trpc.settings.connections.delete.mutationOptions({ onSuccess: () => { toast.success(`Connection ${connection.connId} deleted`); return queryClient.invalidateQueries(); } }));
  return (
    <div>
      <div className={styles.rowActions}>
        <button type="button" onClick={onEdit}>Edit</button>
        <button type="button" disabled={test.isPending} onClick={() => test.mutate({ connId: connection.connId })}>
          {test.isPending ? 'Testing…' : 'Test'}
        </button>
        <button
          type="button"
          disabled={remove.isPending}
          onClick={() => { if (window.confirm(`Delete connection ${connection.connId}?`)) remove.mutate({ connId: connection.connId }); }}
        >Delete</button>
      </div>
      {test.data && (
        <p role="status" className={test.data.status ? 'small' : 'small form-error'}>
          {test.data.status ? 'OK: ' : 'Failed: '}{test.data.message}
        </p>
      )}
      <MutationError error={test.error ?? remove.error} />
    </div>
  );
}
