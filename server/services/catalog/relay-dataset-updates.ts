import { Prisma, type PrismaClient } from '../../db/client';
import type { TDb } from '../../db/sql';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { committedEventsAfter, hasCommittedEventsAfter, lockRelayCursor, moveRelayCursor } from '../state-events/committed-events';
import { recordDatasetEvents, type TDatasetEventInput } from './record-dataset-events';

const BATCH_SIZE = 500;
const EVENT_COLUMNS = Prisma.sql`id::text, txid::text, "taskInstanceId", "tryNumber", "fromState", "toState", reason, "createdAt"`;

type TStateEvent = {
  id: string; txid: string; taskInstanceId: string | null; tryNumber: number | null; fromState: string; toState: string; reason: string; createdAt: Date;
};

/** A try whose worker died: the scheduler ended it (a zombie), so no worker reports its end. */
export type TLostTry = { taskInstanceId: string; tryNumber: number; at: Date };

const lostTries = (events: readonly TStateEvent[]): TLostTry[] =>
  events.flatMap((event) =>
    event.reason === 'zombie' && event.fromState === 'running' && event.taskInstanceId !== null && event.tryNumber !== null
      ? [{ taskInstanceId: event.taskInstanceId, tryNumber: event.tryNumber, at: event.createdAt }]
      : []);

/**
 * The catalog's reader of state-change events: a task instance that succeeded updated every
 * dataset its task writes (its DAG's `write` edges, declared or inferred), so each gets a
 * dataset_event (source task) and its last update. Runs beside the scheduler, never inside the
 * engine's statements; the events, the datasets' moves and the cursor commit together. Also
 * returns the tries whose worker died, for the OpenLineage FAIL their worker could not send.
 */
export async function relayDatasetUpdates(db: PrismaClient): Promise<{ events: number; updates: number; lost: TLostTry[] }> {
  if (!(await hasCommittedEventsAfter(db, 'catalog_relay_cursor'))) return { events: 0, updates: 0, lost: [] };
  const result = await db.$transaction(async (tx) => {
    const cursor = await lockRelayCursor(tx, 'catalog_relay_cursor');
    if (!cursor) return { events: 0, updates: 0, queued: false, lost: [] };
    const events = await committedEventsAfter<TStateEvent>(tx, cursor, EVENT_COLUMNS, BATCH_SIZE);
    if (events.length === 0) return { events: 0, updates: 0, queued: false, lost: [] };
    const updates = await datasetWrites(tx, events.filter((event) => event.toState === 'success' && event.taskInstanceId !== null));
    await recordDatasetEvents(tx, updates);
    await moveRelayCursor(tx, 'catalog_relay_cursor', events.at(-1)!);
    return { events: events.length, updates: updates.length, queued: updates.length > 0, lost: lostTries(events) };
  }, { timeout: 30_000 });
  // A DAG scheduled on these datasets may now be due: the scheduler need not wait for its timer.
  if (result.queued) await wakeScheduler(db);
  return { events: result.events, updates: result.updates, lost: result.lost };
}

/**
 * The cursor's row, created once at the newest event: a catalog that starts on a database with
 * history records updates from now on, not a burst of old successes dated today. Called once
 * when the loop starts (a write per idle poll would spend a transaction id each time).
 */
export async function ensureCatalogRelayCursor(db: PrismaClient): Promise<void> {
  await db.$executeRaw`
    insert into catalog_relay_cursor (id, txid, "eventId")
    values (1, coalesce((select txid from state_change_event order by txid desc, id desc limit 1), '0'::xid8),
               coalesce((select id from state_change_event order by txid desc, id desc limit 1), 0))
    on conflict (id) do nothing`;
}

/** One update per (successful try, dataset its task writes), a dataset written by both a declared and an inferred edge once. */
async function datasetWrites(tx: TDb, successes: readonly TStateEvent[]): Promise<TDatasetEventInput[]> {
  if (successes.length === 0) return [];
  const rows = await tx.$queryRaw<{ workspaceId: string; datasetId: string; dagRunId: string; taskId: string; tryNumber: number | null }[]>`
    select distinct ti."workspaceId", e."datasetId", ti."dagRunId", ti."taskId", s.try_number as "tryNumber"
    from unnest(${successes.map((event) => event.taskInstanceId)}::text[], ${successes.map((event) => event.tryNumber)}::int[]) as s(ti_id, try_number)
    join task_instance ti on ti.id = s.ti_id
    join dag_run r on r.id = ti."dagRunId"
    join dataset_edge e on e."dagPk" = r."dagPk" and e."taskId" = ti."taskId" and e.direction = 'write'`;
  return rows.map((row) => ({ ...row, source: 'task' as const, actor: null, extra: {} }));
}
