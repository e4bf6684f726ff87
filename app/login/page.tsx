import type { Metadata } from 'next';
import { oauthProviders, signIn } from '@/server/auth/auth';
import { safeReturnPath } from '@/server/auth/return-path';
import { logIn } from '../auth-actions';

export const metadata: Metadata = { title: 'Log in · Tributary' };
export const dynamic = 'force-dynamic';

const MESSAGES: Record<string, string> = {
  credentials: 'Invalid email or password.',
  rate_limited: 'Too many failed attempts. Wait 15 minutes and try again.',
};

type TProps = { searchParams: Promise<{ error?: string; code?: string; callbackUrl?: string }> };

export default async function LoginPage({ searchParams }: TProps) {
  const { error, code, callbackUrl } = await searchParams;
  const returnTo = safeReturnPath(callbackUrl);
  const message = error ? (MESSAGES[code ?? ''] ?? 'Could not log in. Try again.') : null;
  return (
    <main className="auth-page">
      <h1>Log in to Tributary</h1>
      {message && <p role="alert" className="form-error">{message}</p>}
      <form action={logIn} className="panel auth-form">
        <input type="hidden" name="callbackUrl" value={returnTo} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button-primary">Log in</button>
      </form>
      {oauthProviders().map((provider) => (
        <form
          key={provider.id}
          action={async () => {
            'use server';
            await signIn(provider.id, { redirectTo: returnTo });
          }}
        >
          <button type="submit">Continue with {provider.name}</button>
        </form>
      ))}
      <p>No account yet? <a href={returnTo === '/' ? '/signup' : `/signup?callbackUrl=${encodeURIComponent(returnTo)}`}>Sign up</a></p>
    </main>
  );
}
