'use client';

import { useActionState } from 'react';
import { signUpAction, type TSignUpState } from '../auth-actions';

const INITIAL: TSignUpState = { error: null, email: '', name: '' };

/** `returnTo`: where to go once signed up (the invitation the visitor came from, or home). */
export function SignUpForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState(signUpAction, INITIAL);
  return (
    <>
      {state.error && <p role="alert" className="form-error">{state.error}</p>}
      <form action={action} className="panel auth-form">
        <input type="hidden" name="callbackUrl" value={returnTo} />
        <label htmlFor="name">Name</label>
        <input id="name" name="name" autoComplete="name" required defaultValue={state.name} autoFocus />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.email} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} aria-describedby="password-hint" />
        <p id="password-hint" className="muted">At least 10 characters.</p>
        <button type="submit" className="button-primary" disabled={pending}>{pending ? 'Creating account…' : 'Create account'}</button>
      </form>
    </>
  );
}
