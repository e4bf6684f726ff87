'use server';

import { signOut } from '@/server/auth/auth';

/**
 * Signs out the account the invitation is not for, then opens login or sign-up with the
 * invitation as the page to come back to, so the invitee lands on it again once signed in.
 */
export async function signOutForInvitation(token: string, form: FormData): Promise<void> {
  const next = form.get('next') === 'signup' ? 'signup' : 'login';
  const back = encodeURIComponent(`/invite/${encodeURIComponent(token)}`);
  await signOut({ redirectTo: `/${next}?callbackUrl=${back}` });
}
