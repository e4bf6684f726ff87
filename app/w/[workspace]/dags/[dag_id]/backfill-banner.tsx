'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { dagHref } from '../../../../components/links';
import { errorMessage, useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import styles from './backfill-banner.module.css';

/** While a backfill runs its progress moves every few seconds; without one, a slower check finds one started elsewhere (REST, CLI). */
const ACTIVE_POLL_MS = 2_000;
const IDLE_POLL_MS = 15_000;

type TAction = 'pause' | 'unpause' | 'cancel';
const DONE: Record<TAction, string> = { pause: 'Backfill paused', unpause: 'Backfill resumed', cancel: 'Backfill cancelled' };

const day = (iso: string) => iso.slice(0, 10);

/**
 * The DAG's running or paused backfill, above every tab: its range, runs done out of its runs,
 * and (for editors) Pause or Resume and Cancel. Gone once it completes or is cancelled.
 */
export function BackfillBanner({ dagId, canEdit }: { dagId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { workspace } = useParams<{ workspace: string }>();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const active = useQuery({
    ...trpc.backfills.active.queryOptions({ dagId }),
    refetchInterval: (query) => (query.state.data ? ACTIVE_POLL_MS : IDLE_POLL_MS),
  });
  const backfill = active.data ?? null;
  useRunsFollow(backfill ? `${backfill.id}:${backfill.progress.success + backfill.progress.failed}:${backfill.progress.total}` : null);
  const setState = useMutation(trpc.backfills.setState.mutationOptions({
    onSuccess: async (result, input) => {
      setConfirmingCancel(false);
      toast.success(DONE[input.action], { description: `${day(result.from_date)} to ${day(result.to_date)}`, link: { href: `${dagHref(workspace, dagId)}/runs`, label: 'Open runs' } });
      await queryClient.invalidateQueries({ queryKey: trpc.backfills.pathKey() });
    },
    onError: (error) => toast.error('The backfill could not be changed', { description: errorMessage(error) }),
  }));
  if (!backfill) return null;
  const { total, success, failed } = backfill.progress;
  const done = success + failed;
  const act = (action: TAction) => setState.mutate({ id: backfill.id, action });
  return (
    <section className={styles.banner} aria-label="Backfill" data-state={backfill.state}>
      <div className={styles.summary}>
        <strong>Backfill {backfill.state === 'paused' ? 'paused' : 'running'}</strong>{' '}
        <span>{day(backfill.from_date)} to {day(backfill.to_date)}</span>
        <span className={styles.count}>
          {total === 0 ? 'creating its runs…' : `${done} of ${total} runs done${failed > 0 ? ` (${failed} failed)` : ''}`}
        </span>
      </div>
      <progress className={styles.bar} aria-label="Backfill runs done" max={Math.max(total, 1)} value={done} />
      {canEdit && (
        <div className={styles.buttons}>
          {confirmingCancel ? (
            <>
              <span role="note">Cancel? Runs not started are dropped; running ones finish.</span>
              <button type="button" className={styles.danger} disabled={setState.isPending} onClick={() => act('cancel')}>Cancel backfill</button>
              <button type="button" onClick={() => setConfirmingCancel(false)}>Keep it</button>
            </>
          ) : (
            <>
              {backfill.state === 'running'
                ? <button type="button" disabled={setState.isPending} onClick={() => act('pause')}>Pause</button>
                : <button type="button" disabled={setState.isPending} onClick={() => act('unpause')}>Resume</button>}
              <button type="button" disabled={setState.isPending} onClick={() => setConfirmingCancel(true)}>Cancel</button>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Each change of the backfill's progress (or its end) may mean new or finished runs: the tab under the banner follows. */
function useRunsFollow(key: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const previous = useRef(key);
  useEffect(() => {
    if (previous.current === key) return;
    previous.current = key;
    void queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  }, [key, queryClient, trpc]);
}
