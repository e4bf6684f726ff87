'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../trpc-provider';
import { dagHref } from './links';
import type { TSpecCheck, TSpecProblem } from './spec-editor';
import { useToast } from './toast';

export type TSaveSpecInput = { source: string; dagId?: string; create?: boolean };
export type TSavedSpec = { status: 'created' | 'updated' | 'unchanged'; dag_id: string; is_paused: boolean; version: number };

/** True when the last validation judged exactly this text and found nothing wrong. */
export function isSavable(source: string, check: TSpecCheck | null): boolean {
  return check !== null && check.source === source && check.validation.valid;
}

/**
 * Saving a spec through `authoring.save`: the outcome in words ("Saved version 3", "No changes"),
 * or the server's problems when it refuses (the current version stays as it was).
 */
export function useSaveSpec(onSaved?: (saved: TSavedSpec) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<TSpecProblem[]>([]);
  const [outcome, setOutcome] = useState<string | null>(null);
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const mutation = useMutation(
    trpc.authoring.save.mutationOptions({
      onSuccess: async (saved) => {
        setRefusal([]);
        setOutcome(saved.status === 'unchanged' ? 'No changes' : `Saved version ${saved.version}`);
        // The Code tab opens on the newest version: the one just deployed.
        if (saved.status !== 'unchanged') toast.success(`${saved.dag_id}: version ${saved.version} deployed`, { description: saved.is_paused ? 'The DAG is paused: unpause it to run on its schedule.' : undefined, link: { href: `${dagHref(workspace, saved.dag_id)}/code`, label: 'Open code' } });
        onSaved?.(saved);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.authoring.versions.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() }),
        ]);
      },
      onError: (error) => {
        setOutcome(null);
        const problems = error.data?.problems ?? [];
        setRefusal(problems.length > 0 ? problems : [{ path: '', line: null, column: null, message: error.message }]);
      },
    }),
  );
  return {
    save: (input: TSaveSpecInput) => mutation.mutate(input),
    saving: mutation.isPending,
    refusal,
    outcome,
    /** The text changed: an old refusal or outcome no longer describes it. */
    reset: () => {
      setRefusal([]);
      setOutcome(null);
    },
    setOutcome,
  };
}

/** The Save button, disabled while the text has problems or is not validated yet, and the outcome. */
export function SaveButton({ disabled, saving, outcome, onSave }: { disabled: boolean; saving: boolean; outcome: string | null; onSave: () => void }) {
  return (
    <>
      <button type="button" className="button-primary" disabled={disabled || saving} onClick={onSave} title={disabled ? 'Fix the problems to save' : undefined}>
        {saving ? 'Saving…' : 'Save'}
      </button>
      <span role="status" aria-live="polite">{outcome}</span>
    </>
  );
}
