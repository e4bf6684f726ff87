'use client';

import { useMutation } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useTRPC } from '../trpc-provider';
import { dagHref } from './links';
import { useToast } from './toast';

/**
 * A DAG's pause switch (on = active). `onChanged` reads the new state back: the DAG list
 * invalidates its query, the server-rendered DAG header refreshes the route.
 */
export function PauseSwitch({ dagId, isPaused, canEdit, onChanged }: { dagId: string; isPaused: boolean; canEdit: boolean; onChanged: () => unknown }) {
  const trpc = useTRPC();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const mutation = useMutation(trpc.dags.setPaused.mutationOptions({
    onSuccess: (_dag, input) => {
      toast.success(input.isPaused ? `${dagId} paused` : `${dagId} unpaused`, {
        // Paused is where runs silently wait: say so when it happens.
        description: input.isPaused ? 'Its schedule creates no runs, and triggered runs wait until it is unpaused.' : undefined,
        link: { href: dagHref(workspace, dagId), label: 'Open DAG' },
      });
      return onChanged();
    },
    onError: (error) => toast.error(`${dagId} could not be ${isPaused ? 'unpaused' : 'paused'}`, { description: error.message }),
  }));
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
