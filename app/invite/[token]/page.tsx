import type { Metadata } from 'next';
import { createRequestContext } from '@/server/trpc/context';
import { AcceptForm } from './accept-form';

export const metadata: Metadata = { title: 'Invitation · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ token: string }> };

/**
 * An invitation link. Whether the token is usable is decided on accepting, with one message for
 * unknown, used, revoked and expired tokens, so the page reveals nothing about a guessed token.
 */
export default async function InvitePage({ params }: TProps) {
  const { token } = await params;
  const { user } = await createRequestContext(new Request('http://localhost/'));
  const back = encodeURIComponent(`/invite/${token}`);
  return (
    <main className="auth-page">
      <h1>Join a workspace</h1>
      {user ? (
        <>
          <p>You were invited to a Tributary workspace. Accept to join it as <strong>{user.email}</strong>.</p>
          <AcceptForm token={token} />
        </>
      ) : (
        <>
          <p>Log in or sign up to accept this invitation: you come back to this page afterwards.</p>
          <p>
            <a className="button-primary" href={`/login?callbackUrl=${back}`}>Log in</a>{' '}
            <a href={`/signup?callbackUrl=${back}`}>Sign up</a>
          </p>
        </>
      )}
    </main>
  );
}
