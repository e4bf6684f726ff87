import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import type { TResolvedAlertChannel } from '../../domain/alerts/alert-channel';
import type { TAlertMessage, TThreadRef } from '../../domain/alerts/alert-message';
import { buildDigestMessage } from '../../domain/alerts/build-alert-message';
import { taskHref } from '../../domain/links';
import { AlertSendError, sendAlert } from '../../integrations/alert-senders/send-alert';
import { egressPolicyFromEnv } from '../../integrations/egress';
import { sendJob } from '../../queue/boss';
import { resolveAlertChannel } from '../alert-channels/resolve-alert-channel';
import { alertPublicUrl } from './alert-facts';

/** Tries before a delivery that keeps failing is given up (about an hour with the backoff below). */
export const MAX_DELIVERY_ATTEMPTS = 10;
const BACKOFF_CAP_SECONDS = 600;
/** How long a later alert of an incident waits for the first one's Slack message to thread under. */
const THREAD_WAIT_SECONDS = 2;
/** Past this, the later alert goes out on its own: an alert late for want of a thread is worse than an unthreaded one. */
const MAX_THREAD_WAIT_MS = 60_000;

type TDelivery = {
  id: string; workspaceId: string; target: string; channelId: string | null; incidentId: string | null;
  kind: string; state: string; attempts: number; message: TAlertMessage; createdAt: Date;
};

/**
 * The alert.deliver job: sends one delivery and records how it went. A failed send that may
 * succeed later (an outage, Slack's 429) is tried again after the peer's Retry-After or an
 * exponential backoff; one only a person can fix (a revoked token, a refused address) fails at
 * once. Nothing here can fail a task: the engine never waits on an alert.
 */
export async function deliverAlert(db: PrismaClient, boss: PgBoss, deliveryId: string): Promise<void> {
  const [delivery] = await db.$queryRaw<TDelivery[]>`
    update alert_delivery set attempts = attempts + 1, "updatedAt" = clock_timestamp()
    where id = ${deliveryId} and state = 'pending'
    returning id, "workspaceId", target, "channelId", "incidentId", kind, state, attempts, message, "createdAt"`;
  if (!delivery) return;
  const channel = await channelOf(db, delivery);
  if (channel === 'paused') return record(db, delivery.id, { state: 'skipped', lastError: 'The channel is paused.' });
  const message = delivery.kind === 'digest' ? await digestMessage(db, delivery) : delivery.message;
  const threading = channel.type === 'slack' && delivery.incidentId ? await threadOf(db, delivery) : { thread: null, replace: null };
  if (threading === 'wait') return retryLater(db, boss, delivery, THREAD_WAIT_SECONDS * 1000, null, false);
  const started = performance.now();
  try {
    const result = await sendAlert({ channel, message, ...threading, policy: egressPolicyFromEnv() });
    await record(db, delivery.id, { state: 'sent', lastError: null, responseMs: result.responseMs, externalRef: result.thread });
  } catch (error) {
    const failure = error instanceof AlertSendError ? error : new AlertSendError(error instanceof Error ? error.message : String(error), { retryable: false });
    const responseMs = Math.round(performance.now() - started);
    if (failure.retryable && delivery.attempts < MAX_DELIVERY_ATTEMPTS) {
      return retryLater(db, boss, delivery, failure.retryAfterMs ?? backoffMs(delivery.attempts), failure.message, true, responseMs);
    }
    await record(db, delivery.id, { state: 'failed', lastError: failure.message, responseMs });
  }
}

function backoffMs(attempts: number): number {
  return Math.min(2 ** attempts, BACKOFF_CAP_SECONDS) * 1000;
}

async function channelOf(db: PrismaClient, delivery: TDelivery): Promise<TResolvedAlertChannel | 'paused'> {
  if (delivery.target.startsWith('email:')) {
    const address = delivery.target.slice('email:'.length);
    return { id: delivery.target, name: delivery.target, type: 'email', shown: { to: [address] }, secret: {} };
  }
  const row = await db.alertChannel.findFirst({ where: { id: delivery.channelId ?? '', workspaceId: delivery.workspaceId }, select: { isPaused: true } });
  if (row?.isPaused) return 'paused';
  return resolveAlertChannel(db, delivery.workspaceId, delivery.channelId ?? '');
}

/**
 * Slack threads an incident's alerts under its first message, and a recovery edits that message.
 * While the first is still on its way, a later one waits for it rather than start a second thread.
 *
 * "First" is the earliest message already posted, else the earliest alert still to be sent. An
 * alert held in a digest or given up never starts the thread. createdAt does not decide alone:
 * it is its transaction's start, so the alerts one relay pass creates share it (their order was
 * then the random ids', and a storm's digested alert could come first), and a transaction that
 * started earlier can commit after a later one whose alert was already posted.
 */
async function threadOf(db: PrismaClient, delivery: TDelivery): Promise<{ thread: TThreadRef | null; replace: TThreadRef | null } | 'wait'> {
  const [first] = await db.$queryRaw<{ id: string; state: string; externalRef: TThreadRef | null }[]>`
    select id, state, "externalRef" from alert_delivery
    where "incidentId" = ${delivery.incidentId} and "channelId" = ${delivery.channelId} and kind in ('failure', 'retry')
      and (state = 'pending' or "externalRef" is not null)
    order by "externalRef" is null, "sentAt", "createdAt", id limit 1`;
  if (!first || first.id === delivery.id) return { thread: null, replace: null };
  if (first.externalRef) return { thread: first.externalRef, replace: delivery.kind === 'recovery' ? first.externalRef : null };
  const waited = Date.now() - delivery.createdAt.getTime();
  return first.state === 'pending' && waited < MAX_THREAD_WAIT_MS ? 'wait' : { thread: null, replace: null };
}

async function digestMessage(db: PrismaClient, digest: TDelivery): Promise<TAlertMessage> {
  const items = await db.$queryRaw<{ dagId: string; taskId: string | null; runId: string | null; tryNumber: number | null; slug: string; name: string }[]>`
    select d."dagId", ti."taskId", r."runId", a."tryNumber", w.slug, w.name
    from alert_delivery a join workspace w on w.id = a."workspaceId" left join dag d on d.id = a."dagPk"
    left join dag_run r on r.id = a."dagRunId" left join task_instance ti on ti.id = a."taskInstanceId"
    where a."digestId" = ${digest.id} order by a."createdAt", a.id`;
  const workspace = items[0] ? { slug: items[0].slug, name: items[0].name } : { slug: '', name: '' };
  const publicUrl = alertPublicUrl();
  return buildDigestMessage({
    workspace,
    target: digest.target,
    items: items.map((item) => ({
      ...item,
      logUrl: item.runId && item.taskId ? new URL(taskHref(workspace.slug, item.dagId, item.runId, item.taskId, { tryNumber: item.tryNumber ?? undefined }), publicUrl).toString() : null,
    })),
    dedupeKey: digest.message.dedupeKey,
    publicUrl,
  });
}

async function retryLater(db: PrismaClient, boss: PgBoss, delivery: TDelivery, delayMs: number, lastError: string | null, counted: boolean, responseMs?: number) {
  await db.$executeRaw`
    update alert_delivery set "lastError" = coalesce(${lastError}, "lastError"), "responseMs" = coalesce(${responseMs ?? null}::int, "responseMs"),
      attempts = attempts - ${counted ? 0 : 1}, "updatedAt" = clock_timestamp()
    where id = ${delivery.id}`;
  await sendJob(boss, 'alert.deliver', { deliveryId: delivery.id }, { startAfter: new Date(Date.now() + delayMs) });
}

async function record(
  db: PrismaClient,
  id: string,
  outcome: { state: 'sent' | 'failed' | 'skipped'; lastError: string | null; responseMs?: number; externalRef?: TThreadRef | null },
) {
  await db.$executeRaw`
    update alert_delivery set state = ${outcome.state}, "lastError" = ${outcome.lastError}, "responseMs" = ${outcome.responseMs ?? null}::int,
      "externalRef" = ${outcome.externalRef ? JSON.stringify(outcome.externalRef) : null}::jsonb,
      "sentAt" = case when ${outcome.state} = 'sent' then clock_timestamp() end, "updatedAt" = clock_timestamp()
    where id = ${id}`;
  // Items a digest carried are delivered with it.
  if (outcome.state === 'sent') await db.$executeRaw`update alert_delivery set "sentAt" = clock_timestamp(), "updatedAt" = clock_timestamp() where "digestId" = ${id}`;
}
