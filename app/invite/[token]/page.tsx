import type { Metadata } from 'next';
import { inviterLabel, isInvitedEmail, UNUSABLE_INVITATION, wrongAccountMessage } from '@/server/domain/members/invitation-account';
import { createRequestContext } from '@/server/trpc/context';
import { createCaller } from '@/server/trpc/routers/_app';
import { AcceptForm } from './accept-form';
import { signOutForInvitation } from './sign-out-action';

export const metadata: Metadata = { title: 'Invitation · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ token: string }> };
type TInvitation = { email: string; role: string; workspaceName: string; inviterName: string | null; inviterEmail: string | null; expiresAt: string };

// What each role may do, so the invitee knows what they are agreeing to.
const ROLE_MEANING: Record<string, string> = {
  viewer: 'see DAGs, runs and logs',
  editor: 'also edit, deploy, trigger and clear DAGs',
  admin: 'also manage connections, variables, pools, tokens and members',
  owner: 'do everything, including deleting the workspace',
};

/**
 * An invitation link: who invited whom to which workspace as what, then the one step that fits
 * the session (log in or sign up; accept; or sign out when another account is signed in). One
 * message covers unknown, used, revoked and expired tokens alike.
 */
export default async function InvitePage({ params }: TProps) {
  const { token } = await params;
  const context = await createRequestContext(new Request('http://localhost/'));
  const invitation = await createCaller({ ...context, origin: null }).settings.members.invitation({ token });
  return (
    <main className="auth-page">
      <h1>Join a workspace</h1>
      {invitation ? <Invitation token={token} invitation={invitation} signedInAs={context.user?.email ?? null} /> : <p role="alert" className="form-error">{UNUSABLE_INVITATION}</p>}
    </main>
  );
}

function Invitation({ token, invitation, signedInAs }: { token: string; invitation: TInvitation; signedInAs: string | null }) {
  const back = encodeURIComponent(`/invite/${token}`);
  const inviter = inviterLabel(invitation.inviterName, invitation.inviterEmail);
  const article = /^[aeiou]/i.test(invitation.role) ? 'an' : 'a';
  return (
    <>
      <p aria-label="Invitation">
        {inviter ? <strong>{inviter}</strong> : 'An admin'} invited you to join the workspace <strong>{invitation.workspaceName}</strong> as {article}{' '}
        <strong>{invitation.role}</strong>.
      </p>
      {ROLE_MEANING[invitation.role] && <p className="muted small">As {article} {invitation.role} you can {ROLE_MEANING[invitation.role]}.</p>}
      {signedInAs === null && (
        <>
          <p>This invitation is for <strong>{invitation.email}</strong>. Log in or sign up with that email to accept it: you come back to this page afterwards.</p>
          <p>
            <a className="button-primary" href={`/login?callbackUrl=${back}`}>Log in</a>{' '}
            <a href={`/signup?callbackUrl=${back}`}>Sign up</a>
          </p>
        </>
      )}
      {signedInAs !== null && isInvitedEmail(invitation.email, signedInAs) && (
        <>
          <p>Accept to join as <strong>{signedInAs}</strong>.</p>
          <AcceptForm token={token} />
        </>
      )}
      {signedInAs !== null && !isInvitedEmail(invitation.email, signedInAs) && (
        <form action={signOutForInvitation.bind(null, token)} className="panel auth-form">
          <p role="alert" className="form-error">{wrongAccountMessage(invitation.email, signedInAs)}</p>
          <p>Sign out, then log in or sign up as {invitation.email} to accept it.</p>
          <button type="submit" name="next" value="login" className="button-primary">Sign out and log in</button>
          <button type="submit" name="next" value="signup">Sign out and sign up</button>
        </form>
      )}
    </>
  );
}
