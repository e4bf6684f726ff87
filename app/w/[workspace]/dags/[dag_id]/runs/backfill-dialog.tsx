'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { Dialog } from 'radix-ui';
import { useEffect, useState, type FormEvent } from 'react';
import { dagHref } from '../../../../../components/links';
import { ModalDialog } from '../../../../../components/modal-dialog';
import { useFormatTime } from '../../../../../components/time-zone-context';
import { useToast } from '../../../../../components/toast';
import { useTRPC } from '../../../../../trpc-provider';
import styles from '../dag-page.module.css';

const REPROCESS = [
  { value: 'none', label: 'None: skip dates that already have a run' },
  { value: 'failed', label: 'Failed: re-run dates whose run failed' },
  { value: 'completed', label: 'Completed: re-run every finished date' },
] as const;
type TForm = { fromDate: string; toDate: string; reprocessBehavior: 'none' | 'failed' | 'completed'; maxActiveRuns: number; runBackwards: boolean };

/** A backfill: the form, then the dry-run plan, then Confirm creates it and its progress shows. */
export function BackfillDialog({ dagId, onClose }: { dagId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<TForm>({ fromDate: '', toDate: '', reprocessBehavior: 'none', maxActiveRuns: 10, runBackwards: false });
  const dag = useQuery(trpc.runs.dag.queryOptions({ dagId }));
  const plan = useMutation(trpc.runs.createBackfill.mutationOptions());
  const toast = useToast();
  const queryClient = useQueryClient();
  const { workspace } = useParams<{ workspace: string }>();
  const create = useMutation(trpc.runs.createBackfill.mutationOptions({
    onSuccess: async (result) => {
      const runs = result.plan.filter((item) => item.action !== 'skip').length;
      toast.success('Backfill created', {
        description: `${form.fromDate} to ${form.toDate}: ${runs} ${runs === 1 ? 'run' : 'runs'}${dag.data?.is_paused ? ', running although the DAG is paused' : ''}.`,
        link: { href: `${dagHref(workspace, dagId)}/runs`, label: 'Open runs' },
      });
      // The DAG page's banner shows it at once, not at its next check.
      await queryClient.invalidateQueries({ queryKey: trpc.backfills.pathKey() });
    },
  }));
  const change = (patch: Partial<TForm>) => { setForm({ ...form, ...patch }); plan.reset(); };
  const preview = (event: FormEvent) => { event.preventDefault(); plan.mutate({ dagId, ...form, dryRun: true }); };
  const backfill = create.data?.backfill;
  const error = plan.error ?? create.error;
  return (
    <ModalDialog title={`Backfill ${dagId}`} description="One run for each logical date of the schedule in a range: preview the plan, then confirm." onClose={onClose}>
      {backfill ? (
        <>
          <BackfillProgress id={backfill.id} />
          <div className={styles.buttons}><Dialog.Close asChild><button type="button">Close</button></Dialog.Close></div>
        </>
      ) : (
        <form className={styles.form} onSubmit={preview}>
          <label>From (logical date)<input type="date" required value={form.fromDate} onChange={(event) => change({ fromDate: event.target.value })} /></label>
          <label>To (logical date, inclusive)<input type="date" required value={form.toDate} onChange={(event) => change({ toDate: event.target.value })} /></label>
          <label>
            Reprocess behaviour
            <select value={form.reprocessBehavior} onChange={(event) => change({ reprocessBehavior: event.target.value as TForm['reprocessBehavior'] })}>
              {REPROCESS.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
            </select>
          </label>
          <label>Max active runs<input type="number" min={1} max={100} required value={form.maxActiveRuns} onChange={(event) => change({ maxActiveRuns: Number(event.target.value) })} /></label>
          <label className={styles.inline}><input type="checkbox" checked={form.runBackwards} onChange={(event) => change({ runBackwards: event.target.checked })} /> Run backwards (newest date first)</label>
          {dag.data?.is_paused && (
            <p role="note" className="muted">This DAG is paused: its schedule creates no runs, and this backfill runs anyway (it has its own pause).</p>
          )}
          {plan.data && <BackfillPlan items={plan.data.plan} />}
          {error && <p role="alert" className="form-error">{error.message}</p>}
          <div className={styles.buttons}>
            <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
            {!plan.data && <button type="submit" disabled={plan.isPending}>Preview plan</button>}
            {plan.data && (
              <button type="button" className="button-primary" disabled={create.isPending || plan.data.plan.length === 0} onClick={() => create.mutate({ dagId, ...form, dryRun: false })}>
                Confirm
              </button>
            )}
          </div>
        </form>
      )}
    </ModalDialog>
  );
}

function BackfillPlan({ items }: { items: readonly { logical_date: string; action: string; reason: string }[] }) {
  const formatTime = useFormatTime();
  if (items.length === 0) return <p className="muted">No logical date of the schedule falls in this range.</p>;
  return (
    <table aria-label="Backfill plan" className="small">
      <thead><tr><th scope="col">Logical date</th><th scope="col">Action</th><th scope="col">Why</th></tr></thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.logical_date}><td>{formatTime(item.logical_date, 'minute')}</td><td>{item.action}</td><td>{item.reason}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** The backfill's run counts, read every 2 s until it completes or is cancelled. */
function BackfillProgress({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...trpc.runs.backfill.queryOptions({ id }),
    refetchInterval: (current) => (current.state.data?.state === 'completed' || current.state.data?.state === 'cancelled' ? false : 2_000),
  });
  const data = query.data;
  // Each new reading may mean new runs: the table behind the dialog follows.
  useEffect(() => { void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }); }, [query.dataUpdatedAt, queryClient, trpc]);
  if (!data) return <p className="muted">Loading progress…</p>;
  const { total, queued, running, success, failed } = data.progress;
  return (
    <div aria-label="Backfill progress" aria-live="polite">
      <p>Backfill {data.state}</p>
      <dl className={styles.progress}>
        <dt>Total</dt><dd data-testid="backfill-total">{total}</dd>
        <dt>Queued</dt><dd>{queued}</dd>
        <dt>Running</dt><dd>{running}</dd>
        <dt>Success</dt><dd data-testid="backfill-success">{success}</dd>
        <dt>Failed</dt><dd>{failed}</dd>
      </dl>
    </div>
  );
}
