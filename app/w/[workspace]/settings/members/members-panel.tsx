'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole, ROLES, type TRole } from '@/server/domain/members/roles';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { useFormatTime } from '@/app/components/time-zone-context';
import { MutationError, ReadOnlyNotice } from '../mutation-error';
import styles from '../settings.module.css';
import { InvitationsSection } from './invitations-section';
import { SlackUserIdCell, useSlackUserIds } from './slack-user-id';

type TMember = { userId: string; email: string; name: string | null; role: TRole; joinedAt: string; isYou: boolean };

export function MembersPanel({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const canEdit = hasRole(role, 'admin');
  const query = useQuery(trpc.settings.members.list.queryOptions());
  const slackIds = useSlackUserIds();
  return (
    <section aria-label="Members">
      {!canEdit && <ReadOnlyNotice needs="admin" />}
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && (
        <table>
          <thead>
            <tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col">Slack user id</th>{canEdit && <th scope="col">Actions</th>}</tr>
          </thead>
          <tbody>
            {query.data.map((member) => <MemberRow key={member.userId} member={member} myRole={role} canEdit={canEdit} slackUserId={slackIds?.[member.userId] ?? null} />)}
          </tbody>
        </table>
      )}
      {canEdit && <InvitationsSection role={role} />}
    </section>
  );
}

function MemberRow({ member, myRole, canEdit, slackUserId }: { member: TMember; myRole: TRole; canEdit: boolean; slackUserId: string | null }) {
  const formatTime = useFormatTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries();
  const change = useMutation(trpc.settings.members.changeRole.mutationOptions({ onSuccess: (_result, input) => { toast.success(`${member.email} is now ${input.role}`); return refresh(); } }));
  const remove = useMutation(trpc.settings.members.remove.mutationOptions({ onSuccess: () => { toast.success(`${member.email} removed from the workspace`); return refresh(); } }));
  // Only owners touch the owner role; the server refuses it too, and protects the last owner.
  const canTouch = canEdit && (member.role !== 'owner' || myRole === 'owner');
  const label = member.name ? `${member.name} (${member.email})` : member.email;
  return (
    <tr>
      <td>{label}{member.isYou && <span className="muted"> — you</span>}</td>
      <td>
        {canTouch ? (
          <select
            aria-label={`Role of ${member.email}`}
            value={member.role}
            disabled={change.isPending}
            onChange={(event) => change.mutate({ userId: member.userId, role: event.target.value as TRole })}
          >
            {ROLES.filter((candidate) => hasRole(myRole, candidate)).map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
          </select>
        ) : member.role}
      </td>
      <td>{formatTime(member.joinedAt)}</td>
      <td><SlackUserIdCell userId={member.userId} email={member.email} value={slackUserId} canEdit={canEdit || member.isYou} /></td>
      {canEdit && (
        <td>
          <div className={styles.rowActions}>
            {canTouch && (
              <button
                type="button"
                disabled={remove.isPending}
                onClick={() => { if (window.confirm(`Remove ${member.email} from this workspace?`)) remove.mutate({ userId: member.userId }); }}
              >Remove</button>
            )}
            <MutationError error={change.error ?? remove.error} />
          </div>
        </td>
      )}
    </tr>
  );
}
