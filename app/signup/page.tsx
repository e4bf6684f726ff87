import type { Metadata } from 'next';
import { safeReturnPath } from '@/server/auth/return-path';
import { OAuthButtons } from '../login/oauth-buttons';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Sign up · Tributary' };

type TProps = { searchParams: Promise<{ callbackUrl?: string }> };

export default async function SignUpPage({ searchParams }: TProps) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  return (
    <main className="auth-page">
      <h1>Create your Tributary account</h1>
      <p className="muted">You get a personal workspace for your DAGs.</p>
      <SignUpForm returnTo={returnTo} />
      <OAuthButtons returnTo={returnTo} />
      <p>Already have an account? <a href={returnTo === '/' ? '/login' : `/login?callbackUrl=${encodeURIComponent(returnTo)}`}>Log in</a></p>
    </main>
  );
}
