'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { hasRole, type TRole } from '@/server/domain/members/roles';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { MutationError, ReadOnlyNotice } from '../mutation-error';
import styles from '../settings.module.css';

type TPool = { name: string; slots: number; description: string | null; queued: number; running: number; open: number };
const DEFAULT_POOL = 'default_pool';

export function PoolsPanel({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const canEdit = hasRole(role, 'admin');
  const [editing, setEditing] = useState<TPool | null>(null);
  // A new key after each save or cancel remounts the form empty (and forgets a typed password).
  const [formVersion, setFormVersion] = useState(0);
  const query = useQuery(trpc.settings.pools.list.queryOptions());
  return (
    <section aria-label="Pools">
      {!canEdit && <ReadOnlyNotice needs="admin" />}
      {canEdit && <PoolForm key={`${editing?.name ?? 'new'}-${formVersion}`} editing={editing} onDone={() => { setEditing(null); setFormVersion((version) => version + 1); }} />}
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Pool</th><th scope="col">Slots</th><th scope="col">Running</th><th scope="col">Queued</th>
              <th scope="col">Open</th><th scope="col">Description</th>{canEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {query.data.map((pool) => (
              <tr key={pool.name}>
                <td><code>{pool.name}</code></td>
                <td>{pool.slots}</td>
                <td>{pool.running}</td>
                <td>{pool.queued}</td>
                <td>{pool.open}</td>
                <td>{pool.description ?? <span className="muted">—</span>}</td>
                {canEdit && <td><PoolActions pool={pool} onEdit={() => setEditing(pool)} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PoolActions({ pool, onEdit }: { pool: TPool; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(trpc.settings.pools.delete.mutationOptions({ onSuccess: (_result, input) => { toast.success(`Pool ${input.name} deleted`); return queryClient.invalidateQueries(); } }));
  return (
    <div className={styles.rowActions}>
      <button type="button" onClick={onEdit}>Edit</button>
      {pool.name !== DEFAULT_POOL && (
        <button
          type="button"
          disabled={remove.isPending}
          onClick={() => { if (window.confirm(`Delete pool ${pool.name}?`)) remove.mutate({ name: pool.name }); }}
        >Delete</button>
      )}
      <MutationError error={remove.error} />
    </div>
  );
}

function PoolForm({ editing, onDone }: { editing: TPool | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(editing?.name ?? '');
  const [slots, setSlots] = useState(String(editing?.slots ?? 16));
  const [description, setDescription] = useState(editing?.description ?? '');
  const toast = useToast();
  const options = {
    onSuccess: async (_result: unknown, input: { name: string }) => {
      toast.success(`Pool ${input.name} ${editing ? 'saved' : 'created'}`);
      await queryClient.invalidateQueries();
      onDone();
    },
  };
  const create = useMutation(trpc.settings.pools.create.mutationOptions(options));
  const update = useMutation(trpc.settings.pools.update.mutationOptions(options));
  const save = editing ? update : create;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name, slots: Number(slots), description });
  };
  return (
    <form className={`panel ${styles.form}`} onSubmit={submit} aria-label={editing ? `Edit pool ${editing.name}` : 'New pool'}>
      <label htmlFor="pool-name">Name</label>
      <input id="pool-name" value={name} onChange={(event) => setName(event.target.value)} required readOnly={editing !== null} />
      <label htmlFor="pool-slots">Slots</label>
      <input id="pool-slots" type="number" min={0} value={slots} onChange={(event) => setSlots(event.target.value)} required />
      <label htmlFor="pool-description">Description</label>
      <input id="pool-description" value={description} onChange={(event) => setDescription(event.target.value)} />
      <div className={styles.actions}>
        <button type="submit" className="button-primary" disabled={save.isPending}>{editing ? 'Save pool' : 'Add pool'}</button>
        {editing && <button type="button" onClick={onDone}>Cancel</button>}
      </div>
      <MutationError error={save.error} />
    </form>
  );
}
