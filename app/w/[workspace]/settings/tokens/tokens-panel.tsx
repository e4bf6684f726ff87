'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { hasRole, ROLES, type TRole } from '@/server/domain/members/roles';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { useFormatTime } from '@/app/components/time-zone-context';
import { MutationError } from '../mutation-error';
import { OneTimeSecret } from '../one-time-secret';
import styles from '../settings.module.css';

export function TokensPanel({ role }: { role: TRole }) {
  if (!hasRole(role, 'admin')) {
    return <p className="panel">API tokens are managed by admins of this workspace; you are {role}.</p>;
  }
  return (
    <section aria-label="API tokens">
      <TokenForm role={role} />
      <TokenTable />
    </section>
  );
}

function TokenTable() {
  const formatTime = useFormatTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.settings.tokens.list.queryOptions());
  const toast = useToast();
  const revoke = useMutation(trpc.settings.tokens.revoke.mutationOptions({ onSuccess: () => { toast.success('API token revoked'); return queryClient.invalidateQueries(); } }));
  if (query.isError) return <p role="alert" className="form-error">{query.error.message}</p>;
  if (!query.data) return null;
  if (query.data.length === 0) return <p className="panel">No API tokens yet.</p>;
  return (
    <>
      <MutationError error={revoke.error} />
      <table>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th></tr>
        </thead>
        <tbody>
          {query.data.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td><code>{token.prefix}…</code></td>
              <td>{token.role}</td>
              <td>{formatTime(token.createdAt)}</td>
              <td>{token.lastUsedAt ? formatTime(token.lastUsedAt) : 'never'}</td>
              <td>
                {token.revokedAt ? `revoked ${formatTime(token.revokedAt)}` : (
                  <button
                    type="button"
                    disabled={revoke.isPending}
                    onClick={() => { if (window.confirm(`Revoke token ${token.name}? Clients using it stop working.`)) revoke.mutate({ id: token.id }); }}
                  >Revoke</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function TokenForm({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<TRole>('viewer');
  const toast = useToast();
  const create = useMutation(trpc.settings.tokens.create.mutationOptions({
    onSuccess: async (_result, input) => {
      toast.success(`API token ${input.name} created`);
      setName('');
      await queryClient.invalidateQueries();
    },
  }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, role: tokenRole });
  };
  return (
    <>
      <form className={`panel ${styles.form}`} onSubmit={submit} aria-label="New API token">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
        <label htmlFor="token-role">Role</label>
        <select id="token-role" value={tokenRole} onChange={(event) => setTokenRole(event.target.value as TRole)}>
          {ROLES.filter((candidate) => hasRole(role, candidate)).map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
        </select>
        <div className={styles.actions}>
          <button type="submit" className="button-primary" disabled={create.isPending}>Create token</button>
        </div>
        <MutationError error={create.error} />
      </form>
      {create.data && (
        <OneTimeSecret
          label={`API token ${create.data.name}`}
          value={create.data.token}
          warning="Copy this token now: it is shown only once and cannot be retrieved later."
        />
      )}
    </>
  );
}
