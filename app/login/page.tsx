import type { Metadata } from 'next';
import { safeReturnPath } from '@/server/auth/return-path';
import { logIn } from '../auth-actions';
import { OAuthButtons } from './oauth-buttons';
import { ReturnPathInput } from './return-path-input';

export const metadata: Metadata = { title: 'Log in · Tributary' };
export const dynamic = 'force-dynamic';

// By `code` for a failed password login (auth-actions.ts), else by Auth.js's error type.
const MESSAGES: Record<string, string> = {
  credentials: 'Invalid email or password.',
  rate_limited: 'Too many failed attempts. Wait 15 minutes and try again.',
  // Auth.js does not link an OAuth sign-in to an existing user with the same email on its own.
  OAuthAccountNotLinked:
    'This email address already has a Tributary account that signs in another way. Log in the way you did before (for example with your email and password).',
  // The signIn callback refuses OAuth accounts without a verified email address.
  AccessDenied: 'Could not log in: the provider did not share a verified email address for your account.',
};

const messageFor = (key: string | undefined) => (key && Object.hasOwn(MESSAGES, key) ? MESSAGES[key] : undefined);

type TProps = { searchParams: Promise<{ error?: string; code?: string; callbackUrl?: string }> };

export default async function LoginPage({ searchParams }: TProps) {
  const { error, code, callbackUrl } = await searchParams;
  const returnTo = safeReturnPath(callbackUrl);
  const message = error ? (messageFor(code) ?? messageFor(error) ?? 'Could not log in. Try again.') : null;
  return (
    <main className="auth-page">
      <h1>Log in to Tributary</h1>
      {message && <p role="alert" className="form-error">{message}</p>}
      <form action={logIn} className="panel auth-form">
        <ReturnPathInput returnTo={returnTo} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button-primary">Log in</button>
      </form>
      <OAuthButtons returnTo={returnTo} />
      <p>No account yet? <a href={returnTo === '/' ? '/signup' : `/signup?callbackUrl=${encodeURIComponent(returnTo)}`}>Sign up</a></p>
    </main>
  );
}
