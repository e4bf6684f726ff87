import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import { buildOpenLineageRunEvent, openLineageNamespace } from '../../domain/catalog/openlineage-event';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import type { TEnv } from '../../env';
import { sendJob } from '../../queue/boss';
import { ZOpenLineageEmitPayloadSchema } from '../../queue/job-names';
import { AlertSendError } from '../alert-senders/alert-send-error';
import { postJson } from '../alert-senders/post-json';
import { loadAttemptLineage } from './load-attempt-lineage';

/**
 * Names Tributary as the events' producer: the spec asks for a URI naming the software and its
 * version. A URN, because the project has no public address to point at.
 */
export const OPENLINEAGE_PRODUCER = 'urn:tributary:0.1.0';

/** How long an end event waits for its START before looking again, and how often at most. */
const START_WAIT_MS = 2000;
/** 2 s × 600: longer than START's own retries (about a quarter of an hour), so it is never cut short. */
const MAX_START_WAITS = 600;
const START_STILL_SENDING = new Set(['created', 'retry', 'active']);

export type TOpenLineageSettings = {
  /** The receiver's base URL; events go to `<url>/api/v1/lineage` (Marquez's endpoint). */
  url: string;
  apiKey: string | null;
  namespaceTemplate: string;
};

/** The operator's settings, or null when OPENLINEAGE_URL is unset (nothing is sent or queued). */
export function openLineageSettings(config: TEnv): TOpenLineageSettings | null {
  if (!config.OPENLINEAGE_URL) return null;
  return { url: config.OPENLINEAGE_URL, apiKey: config.OPENLINEAGE_API_KEY ?? null, namespaceTemplate: config.OPENLINEAGE_NAMESPACE };
}

export type TEmitOutcome = { kind: 'sent' | 'waiting_for_start' | 'attempt_gone' } | { kind: 'refused'; message: string };

/**
 * The `openlineage.emit` job: builds one run event from the attempt's rows and POSTs it through
 * the egress guard. The receiver must see START before the attempt's end (Marquez takes a run's
 * first event as its start): START's job has the attempt's id as its job id, and an end event
 * whose START is still queued or retrying puts itself back for 2 s instead of going first. A
 * START that failed for good does not hold the end back. A failure that may pass is thrown, for
 * pg-boss to retry with backoff; one that cannot (a refused address, a 4xx) is returned.
 */
export async function emitOpenLineageEvent(
  db: PrismaClient,
  boss: PgBoss,
  settings: TOpenLineageSettings,
  policy: TEgressPolicy,
  data: unknown,
): Promise<TEmitOutcome> {
  const payload = ZOpenLineageEmitPayloadSchema.parse(data);
  if (payload.eventType !== 'START' && payload.waits < MAX_START_WAITS) {
    const start = await boss.getJobById('openlineage.emit', payload.attemptId);
    if (start && START_STILL_SENDING.has(start.state)) {
      await sendJob(boss, 'openlineage.emit', { ...payload, waits: payload.waits + 1 }, { startAfter: new Date(Date.now() + START_WAIT_MS) });
      return { kind: 'waiting_for_start' };
    }
  }
  const rows = await loadAttemptLineage(db, payload.attemptId);
  if (!rows) return { kind: 'attempt_gone' };
  const event = buildOpenLineageRunEvent({
    ...rows,
    eventType: payload.eventType,
    eventTime: new Date(payload.eventTime),
    namespace: openLineageNamespace(settings.namespaceTemplate, rows.workspaceSlug),
    producer: OPENLINEAGE_PRODUCER,
  });
  try {
    await postJson({
      label: 'OpenLineage',
      policy,
      url: `${settings.url}/api/v1/lineage`,
      body: JSON.stringify(event),
      headers: settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {},
    });
  } catch (error) {
    if (error instanceof AlertSendError && !error.retryable) return { kind: 'refused', message: error.message };
    throw error;
  }
  return { kind: 'sent' };
}
