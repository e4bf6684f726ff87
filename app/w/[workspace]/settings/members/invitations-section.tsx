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

/**
 * Invite by email. With SMTP configured the server mails the link; either way the link is
 * shown once to copy, so a failed or missing send never leaves the admin without it.
 */
export function InvitationsSection({ role }: { role: TRole }) {
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <InviteForm role={role} />
      <PendingInvitations />
    </section>
  );
}

function InviteForm({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<TRole>('viewer');
  const toast = useToast();
  const invite = useMutation(trpc.settings.members.invite.mutationOptions({
    onSuccess: async (_result, input) => {
      toast.success(`${input.email} invited as ${input.role}`);
      setEmail('');
      await queryClient.invalidateQueries();
    },
  }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email, role: inviteRole });
  };
  return (
    <>
      <form className={`panel ${styles.form}`} onSubmit={submit} aria-label="Invite a member">
        <label htmlFor="invite-email">Email</label>
        <input id="invite-email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={inviteRole} onChange={(event) => setInviteRole(event.target.value as TRole)}>
          {ROLES.filter((candidate) => hasRole(role, candidate)).map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
        </select>
        <div className={styles.actions}>
          <button type="submit" className="button-primary" disabled={invite.isPending}>Invite</button>
        </div>
        <MutationError error={invite.error} />
      </form>
      {invite.data && <InvitationResult invitation={invite.data} />}
    </>
  );
}

type TInviteResult = { email: string; token: string; expiresAt: string; emailed: boolean; emailError: string | null };

/** Emailed, failed to email, or email not configured: the link to copy is offered in each case. */
function InvitationResult({ invitation }: { invitation: TInviteResult }) {
  const formatTime = useFormatTime();
  const { email, emailed, emailError } = invitation;
  const once = `shown only once and expires ${formatTime(invitation.expiresAt)}`;
  const warning = emailed
    ? `Invitation emailed to ${email}. You can also copy the link: it is ${once}.`
    : emailError
      ? `Send this link to ${email} yourself: it is ${once}.`
      : `Email is not configured: send this link yourself to ${email}. It is ${once}.`;
  return (
    <>
      {emailError && <p role="alert" className="form-error">The invitation was created but not emailed. {emailError}</p>}
      <OneTimeSecret label={`Invitation link for ${email}`} value={`${window.location.origin}/invite/${invitation.token}`} warning={warning} />
    </>
  );
}

function PendingInvitations() {
  const formatTime = useFormatTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.settings.members.invitations.queryOptions());
  const toast = useToast();
  const revoke = useMutation(trpc.settings.members.revokeInvitation.mutationOptions({ onSuccess: () => { toast.success('Invitation revoked'); return queryClient.invalidateQueries(); } }));
  if (query.isError) return <p role="alert" className="form-error">{query.error.message}</p>;
  if (!query.data) return null;
  if (query.data.length === 0) return <p className="muted">No pending invitations.</p>;
  return (
    <table aria-label="Pending invitations">
      <thead>
        <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Emailed</th><th scope="col">Expires</th><th scope="col">Actions</th></tr>
      </thead>
      <tbody>
        {query.data.map((invitation) => (
          <tr key={invitation.id}>
            <td>{invitation.email}</td>
            <td>{invitation.role}</td>
            <td>{invitation.emailedAt ? formatTime(invitation.emailedAt) : <span className="muted">not emailed</span>}</td>
            <td>{formatTime(invitation.expiresAt)}</td>
            <td>
              <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: invitation.id })}>Revoke</button>
              <MutationError error={revoke.error} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
