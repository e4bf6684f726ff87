import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { TDb } from '../../db/sql';
import type { TAlertKind, TAlertMessage } from '../../domain/alerts/alert-message';
import { isStorm, STORM_WINDOW_SECONDS } from '../../domain/alerts/decide-alerts';
import { env } from '../../env';
import { sqlExecutor } from '../../queue/enqueue-task-jobs';

/** A delivery whose job must be sent once the transaction commits (a digest waits until `startAfter`). */
export type TDeliveryJob = { deliveryId: string; startAfter: Date | null };

export type TDeliveryRequest = {
  workspaceId: string;
  /** Channel names as the spec writes them (`default` = the workspace's default channels) or `email:<address>`. */
  targets: string[];
  kind: TAlertKind;
  dedupeKey: string;
  message: TAlertMessage;
  refs: { incidentId: string | null; dagPk: string | null; dagRunId: string | null; taskInstanceId: string | null; tryNumber: number | null };
  now: Date;
};

type TChannelRow = { id: string; name: string; isDefault: boolean; isPaused: boolean };

/** Kinds a storm groups into a digest: a recovery or a success is never held back. */
const STORM_KINDS: TAlertKind[] = ['failure', 'retry'];

/**
 * One alert_delivery row per target, with its job. A target never gets the same alert twice
 * (the dedupe key is unique per target). A paused channel records the alert as skipped; a
 * name no channel has records it as failed, saying so; past the storm limit a failure waits
 * in its target's digest.
 */
export async function createDeliveries(tx: TDb, request: TDeliveryRequest): Promise<TDeliveryJob[]> {
  const channels = await tx.$queryRaw<TChannelRow[]>`
    select id, name, "isDefault", "isPaused" from alert_channel where "workspaceId" = ${request.workspaceId}`;
  const jobs: TDeliveryJob[] = [];
  for (const target of resolveTargets(request.targets, channels)) {
    const channel = target.startsWith('channel:') ? channels.find((row) => `channel:${row.name}` === target) ?? null : null;
    const missing = target.startsWith('channel:') && channel === null;
    const state = missing ? 'failed' : channel?.isPaused ? 'skipped' : 'pending';
    const lastError = missing ? `No alert channel named '${target.slice('channel:'.length)}' in this workspace.` : channel?.isPaused ? 'The channel is paused.' : null;
    if (state === 'pending' && STORM_KINDS.includes(request.kind) && isStorm(await recentAlerts(tx, request.workspaceId, target, request.now))) {
      const digest = await joinDigest(tx, request, target, channel?.id ?? null, jobs);
      await insertDelivery(tx, request, { target, channelId: channel?.id ?? null, state: 'digested', lastError: null, digestId: digest });
      continue;
    }
    const id = await insertDelivery(tx, request, { target, channelId: channel?.id ?? null, state, lastError, digestId: null });
    if (id && state === 'pending') jobs.push({ deliveryId: id, startAfter: null });
  }
  return jobs;
}

/** The deliveries' alert.deliver jobs, inserted through the caller's transaction: a delivery row exists exactly when its job does. */
export async function enqueueDeliveries(boss: PgBoss, tx: TDb, jobs: readonly TDeliveryJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => ({ data: { deliveryId: job.deliveryId }, ...(job.startAfter ? { startAfter: job.startAfter } : {}) }));
  await boss.insert('alert.deliver', rows, { db: sqlExecutor(tx) });
}

/** `default` → every default channel; names and email targets stay; each target once. */
function resolveTargets(targets: readonly string[], channels: readonly TChannelRow[]): string[] {
  const resolved = targets.flatMap((target) => {
    if (target === 'default') return channels.filter((channel) => channel.isDefault).map((channel) => `channel:${channel.name}`);
    return [target.startsWith('email:') ? target : `channel:${target}`];
  });
  return [...new Set(resolved)];
}

async function recentAlerts(tx: TDb, workspaceId: string, target: string, now: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ count: number }[]>`
    select count(*)::int as count from alert_delivery
    where "workspaceId" = ${workspaceId} and target = ${target} and kind = any(${STORM_KINDS}::text[])
      and state <> 'skipped' and "createdAt" > ${now}::timestamptz - make_interval(secs => ${STORM_WINDOW_SECONDS})`;
  return row?.count ?? 0;
}

/** The target's digest still collecting (its job has not started), or a new one sent TRIBUTARY_ALERT_DIGEST_SECONDS from now. */
async function joinDigest(tx: TDb, request: TDeliveryRequest, target: string, channelId: string | null, jobs: TDeliveryJob[]): Promise<string> {
  const [open] = await tx.$queryRaw<{ id: string }[]>`
    select id from alert_delivery
    where "workspaceId" = ${request.workspaceId} and target = ${target} and kind = 'digest' and state = 'pending' and attempts = 0
    order by "createdAt" desc limit 1 for update`;
  if (open) return open.id;
  const id = await insertDelivery(tx, { ...request, kind: 'digest', dedupeKey: `digest:${randomUUID()}`, refs: { ...request.refs, incidentId: null, taskInstanceId: null, tryNumber: null, dagRunId: null } }, {
    target, channelId, state: 'pending', lastError: null, digestId: null,
  });
  jobs.push({ deliveryId: id!, startAfter: new Date(request.now.getTime() + env().TRIBUTARY_ALERT_DIGEST_SECONDS * 1000) });
  return id!;
}

async function insertDelivery(
  tx: TDb,
  request: TDeliveryRequest,
  row: { target: string; channelId: string | null; state: string; lastError: string | null; digestId: string | null },
): Promise<string | null> {
  const { refs } = request;
  const [inserted] = await tx.$queryRaw<{ id: string }[]>`
    insert into alert_delivery (id, "workspaceId", target, "channelId", "digestId", "incidentId", "dagPk", "dagRunId", "taskInstanceId", "tryNumber",
                                kind, "dedupeKey", state, "lastError", message, "updatedAt")
    values (${randomUUID()}, ${request.workspaceId}, ${row.target}, ${row.channelId}, ${row.digestId}, ${refs.incidentId}, ${refs.dagPk}, ${refs.dagRunId},
            ${refs.taskInstanceId}, ${refs.tryNumber}, ${request.kind}, ${request.dedupeKey}, ${row.state}, ${row.lastError},
            ${JSON.stringify(request.message)}::jsonb, clock_timestamp())
    on conflict ("workspaceId", target, "dedupeKey") do nothing
    returning id`;
  return inserted?.id ?? null;
}
