'use server';

import { TRPCError } from '@trpc/server';
import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn, signOut } from '@/server/auth/auth';
import { safeReturnPath } from '@/server/auth/return-path';
import { createServerCaller } from '@/server/trpc/context';

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export async function logIn(form: FormData): Promise<void> {
  const returnTo = safeReturnPath(field(form, 'callbackUrl'));
  try {
    await signIn('credentials', { email: field(form, 'email'), password: field(form, 'password'), redirectTo: returnTo });
  } catch (error) {
    // Success "throws" Next's redirect: only Auth.js errors are failures to report.
    if (!(error instanceof AuthError)) throw error;
    const code = 'code' in error && error.code === 'rate_limited' ? 'rate_limited' : 'credentials';
    redirect(`/login?error=CredentialsSignin&code=${code}&callbackUrl=${encodeURIComponent(returnTo)}`);
  }
}

export type TSignUpState = { error: string | null; email: string; name: string };

export async function signUpAction(_previous: TSignUpState, form: FormData): Promise<TSignUpState> {
  const values = { email: field(form, 'email'), name: field(form, 'name') };
  try {
    const caller = await createServerCaller(null);
    await caller.users.signUp({ ...values, password: field(form, 'password') });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const message = error.cause instanceof z.ZodError ? error.cause.issues.map((issue) => issue.message).join(' ') : error.message;
    return { error: message, ...values };
  }
  // The new user's first page is their workspace (via `/`), or the invitation they came from.
  await signIn('credentials', { email: values.email, password: field(form, 'password'), redirectTo: safeReturnPath(field(form, 'callbackUrl')) });
  return { error: null, ...values };
}

export async function logOut(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}
