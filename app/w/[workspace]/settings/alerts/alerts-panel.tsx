'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { hasRole, type TRole } from '@/server/domain/members/roles';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { MutationError } from '../mutation-error';
import settingsStyles from '../settings.module.css';
import styles from './alerts.module.css';
import { ChannelDialog } from './channel-dialog';
import { CHANNEL_TYPE_LABELS, describeConfig } from './channel-fields';
import type { TChannelItem } from './channel-item';
import { DeliveriesSection } from './deliveries-section';
import { PostmortemSetting } from './postmortem-setting';

/** Settings → Alerts: the channels, the post-mortem threshold and the recent deliveries. */
export function AlertsPanel({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const canEdit = hasRole(role, 'admin');
  const canTest = hasRole(role, 'editor');
  // null: closed; 'new': adding; a channel: editing it.
  const [dialog, setDialog] = useState<TChannelItem | 'new' | null>(null);
  const query = useQuery(trpc.alertChannels.list.queryOptions());
  return (
    <section aria-label="Alerts">
      <h2 className={styles.heading}>Alert channels</h2>
      {!canEdit && <p className="muted">Read only: changing channels needs the admin role.{canTest && ' You can send a test through any channel.'}</p>}
      {canEdit && (
        <p><button type="button" className="button-primary" onClick={() => setDialog('new')}>Add channel</button></p>
      )}
      {dialog !== null && <ChannelDialog editing={dialog === 'new' ? null : dialog} onClose={() => setDialog(null)} />}
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && query.data.total === 0 && (
        <p className="panel">No alert channels yet: failures alert nobody.{canEdit ? ' Add a Slack, email, webhook or PagerDuty channel and make it the default.' : ''}</p>
      )}
      {query.data && query.data.total > 0 && (
        <div className={styles.tableBox}>
          <table aria-label="Alert channels">
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Type</th><th scope="col">Sends to</th><th scope="col">Secret</th>
                <th scope="col">Default</th><th scope="col">State</th>{canTest && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {query.data.channels.map((channel) => (
                <ChannelRow key={channel.name} channel={channel} canEdit={canEdit} canTest={canTest} onEdit={() => setDialog(channel)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PostmortemSetting canEdit={canEdit} />
      <DeliveriesSection />
    </section>
  );
}

function ChannelRow({ channel, canEdit, canTest, onEdit }: { channel: TChannelItem; canEdit: boolean; canTest: boolean; onEdit: () => void }) {
  const sendsTo = describeConfig(channel.config);
  return (
    <tr>
      <td><code>{channel.name}</code></td>
      <td>{CHANNEL_TYPE_LABELS[channel.type]}</td>
      <td className={styles.sendsTo}>{sendsTo === '' ? <span className="muted">(in the secret)</span> : sendsTo}</td>
      <td>{channel.secretsSet.length > 0 ? <span>{channel.secretsSet.join(', ')} set</span> : <span className="muted">—</span>}</td>
      <td>{channel.isDefault ? <span className={styles.flag}>default</span> : <span className="muted">—</span>}</td>
      <td>{channel.isPaused ? <span className={styles.paused}>paused</span> : 'active'}</td>
      {canTest && <td><ChannelActions channel={channel} canEdit={canEdit} onEdit={onEdit} /></td>}
    </tr>
  );
}

function ChannelActions({ channel, canEdit, onEdit }: { channel: TChannelItem; canEdit: boolean; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alertChannels.pathKey() });
  const test = useMutation(trpc.alertChannels.test.mutationOptions({
    onSuccess: (result) => {
      if (result.ok) toast.success(`Test alert sent through ${channel.name}`, { description: result.detail });
      else toast.error(`Test alert through ${channel.name} failed`, { description: result.error });
    },
  }));
  const update = useMutation(trpc.alertChannels.update.mutationOptions({
    onSuccess: (updated) => {
      toast.success(`${updated.name}: ${updated.isPaused ? 'paused' : 'active'}${updated.isDefault ? ', default' : ''}`);
      return refresh();
    },
  }));
  const remove = useMutation(trpc.alertChannels.delete.mutationOptions({ onSuccess: () => { toast.success(`Alert channel ${channel.name} deleted`); return refresh(); } }));
  const result = test.data;
  return (
    <div>
      <div className={settingsStyles.rowActions}>
        <button type="button" disabled={test.isPending} onClick={() => test.mutate({ name: channel.name })}>{test.isPending ? 'Sending…' : 'Send test'}</button>
        {canEdit && (
          <>
            <button type="button" onClick={onEdit}>Edit</button>
            <button type="button" disabled={update.isPending} onClick={() => update.mutate({ name: channel.name, isPaused: !channel.isPaused })}>{channel.isPaused ? 'Resume' : 'Pause'}</button>
            <button type="button" disabled={update.isPending} onClick={() => update.mutate({ name: channel.name, isDefault: !channel.isDefault })}>{channel.isDefault ? 'Not default' : 'Make default'}</button>
            <button type="button" disabled={remove.isPending} onClick={() => { if (window.confirm(`Delete alert channel ${channel.name}? Its record of deliveries stays; alerts it has not sent yet will not be sent.`)) remove.mutate({ name: channel.name }); }}>Delete</button>
          </>
        )}
      </div>
      {result && (
        <p role="status" className={result.ok ? 'small' : 'small form-error'}>
          {result.ok ? `Sent in ${result.responseMs} ms: ${result.detail}` : `Not sent: ${result.error}`}
        </p>
      )}
      <MutationError error={test.error ?? update.error ?? remove.error} />
    </div>
  );
}
