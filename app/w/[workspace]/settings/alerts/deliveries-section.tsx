'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useFormatTime } from '@/app/components/time-zone-context';
import { ALERT_DELIVERY_STATES, type TAlertDeliveryState } from '@/server/domain/alerts/alert-delivery-states';
import { dagHref, runHref, taskHref } from '../../../../components/links';
import { useTRPC } from '../../../../trpc-provider';
import styles from './alerts.module.css';

const PAGE = 25;

type TDelivery = {
  id: string; target: string; kind: string; state: string; attempts: number; lastError: string | null; responseMs: number | null;
  createdAt: string; sentAt: string | null; dagId: string | null; runId: string | null; taskId: string | null; tryNumber: number | null;
};

/** What was sent where and how it went, newest first, filtered by state and DAG. */
export function DeliveriesSection() {
  const trpc = useTRPC();
  const [state, setState] = useState<TAlertDeliveryState | ''>('');
  const [dagText, setDagText] = useState('');
  const [dagId, setDagId] = useState('');
  const [offset, setOffset] = useState(0);
  const filter = { state: state || undefined, dagId: dagId || undefined, limit: PAGE, offset };
  const query = useQuery(trpc.alertChannels.deliveries.queryOptions(filter));
  const filtered = state !== '' || dagId !== '';
  const applyDag = (event: FormEvent) => {
    event.preventDefault();
    setDagId(dagText.trim());
    setOffset(0);
  };
  return (
    <section aria-labelledby="deliveries-heading" className={styles.section}>
      <h2 id="deliveries-heading" className={styles.heading}>Recent deliveries</h2>
      <form className={styles.filters} onSubmit={applyDag} aria-label="Filter deliveries">
        <label>
          State{' '}
          <select value={state} onChange={(event) => { setState(event.target.value as TAlertDeliveryState | ''); setOffset(0); }}>
            <option value="">any</option>
            {ALERT_DELIVERY_STATES.map((option) => <option key={option} value={option}>{option}</option>)}
          </select>
        </label>
        <label>DAG <input value={dagText} onChange={(event) => setDagText(event.target.value)} placeholder="dag_id" /></label>
        <button type="submit">Filter</button>
      </form>
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && query.data.total === 0 && (
        <p className="panel">{filtered ? 'No deliveries match these filters.' : 'No alerts sent yet. Failures of DAGs whose rules name a channel (or the default channels) are listed here.'}</p>
      )}
      {query.data && query.data.total > 0 && (
        <>
          <div className={styles.tableBox}>
            <table aria-label="Alert deliveries">
              <thead>
                <tr>
                  <th scope="col">Created</th><th scope="col">To</th><th scope="col">Kind</th><th scope="col">State</th>
                  <th scope="col">For</th><th scope="col">Attempts</th><th scope="col">Response</th><th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>{query.data.deliveries.map((delivery) => <DeliveryRow key={delivery.id} delivery={delivery} />)}</tbody>
            </table>
          </div>
          <Pager offset={offset} total={query.data.total} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

function DeliveryRow({ delivery }: { delivery: TDelivery }) {
  const formatTime = useFormatTime();
  return (
    <tr>
      <td>{formatTime(delivery.createdAt)}</td>
      <td>{delivery.target}</td>
      <td>{delivery.kind}</td>
      <td><span className={styles.deliveryState} data-state={delivery.state}>{delivery.state}</span></td>
      <td><DeliveryFor delivery={delivery} /></td>
      <td>{delivery.attempts}</td>
      <td>{delivery.responseMs === null ? <span className="muted">—</span> : `${delivery.responseMs} ms`}</td>
      <td className={styles.error}>{delivery.lastError ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

/** The DAG, run and task instance an alert was about, each a link to its page (the try's log for a task). */
function DeliveryFor({ delivery }: { delivery: TDelivery }) {
  const { workspace } = useParams<{ workspace: string }>();
  const { dagId, runId, taskId, tryNumber } = delivery;
  if (dagId === null) return <span className="muted">—</span>;
  if (runId === null) return <Link href={dagHref(workspace, dagId)}>{dagId}</Link>;
  if (taskId === null) return <Link href={runHref(workspace, dagId, runId)}>{dagId} / {runId}</Link>;
  const href = taskHref(workspace, dagId, runId, taskId, tryNumber === null ? {} : { tryNumber });
  return <Link href={href}>{dagId}.{taskId}{tryNumber === null ? '' : ` try ${tryNumber}`}</Link>;
}

function Pager({ offset, total, onChange }: { offset: number; total: number; onChange: (offset: number) => void }) {
  if (total <= PAGE) return null;
  return (
    <p className={styles.pager}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE))}>Newer</button>
      <span className="muted small">{offset + 1}–{Math.min(offset + PAGE, total)} of {total}</span>
      <button type="button" disabled={offset + PAGE >= total} onClick={() => onChange(offset + PAGE)}>Older</button>
    </p>
  );
}
