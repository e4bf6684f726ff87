'use client';

import { useActionState } from 'react';
import { acceptInvitationAction, type TAcceptState } from './accept-invitation-action';

export function AcceptForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<TAcceptState>(acceptInvitationAction.bind(null, token), { error: null });
  return (
    <form action={action} className="panel auth-form">
      {state.error && <p role="alert" className="form-error">{state.error}</p>}
      <button type="submit" className="button-primary" disabled={pending || state.error !== null}>Accept invitation</button>
    </form>
  );
}
