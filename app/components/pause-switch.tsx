'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc-provider';

/**
 * A DAG's pause switch (on = active). `onChanged` reads the new state back: the DAG list
 * invalidates its query, the server-rendered DAG header refreshes the route.
 */
export function PauseSwitch({ dagId, isPaused, canEdit, onChanged }: { dagId: string; isPaused: boolean; canEdit: boolean; onChanged: () => unknown }) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.dags.setPaused.mutationOptions({ onSuccess: onChanged }));
  const label = `${dagId}: ${isPaused ? 'paused' : 'active'}${canEdit ? '' : ' (viewers cannot change this)'}`;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={!isPaused}
      aria-label={label}
      title={label}
      className="switch"
      disabled={!canEdit || mutation.isPending}
      onClick={() => mutation.mutate({ dagId, isPaused: !isPaused })}
    >
      <span className="switch-thumb" aria-hidden="true" />
    </button>
  );
}
