import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';

/**
 * Reading state_change_event behind a cursor, for the relays that act on what the engine
 * records (alerts, the catalog's dataset updates): events come in (txid, id) order and only
 * those whose transaction id is below every transaction still open
 * (`pg_snapshot_xmin(pg_current_snapshot())`), so no later commit can slip in behind the
 * cursor. Each relay has its own one-row cursor table and moves it in the transaction that acts
 * on the events: an event is handled exactly once.
 */
export type TRelayCursorTable = 'alert_relay_cursor' | 'catalog_relay_cursor';
export type TRelayCursor = { txid: string; eventId: string };

const table = (name: TRelayCursorTable) => Prisma.raw(`"${name}"`);

/** Whether a committed event lies past the cursor: an idle relay's only query (no transaction, no lock). */
export async function hasCommittedEventsAfter(db: TDb, cursor: TRelayCursorTable): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    select exists (
      select 1 from state_change_event e, ${table(cursor)} c
      where c.id = 1 and (e.txid, e.id) > (c.txid, c."eventId") and e.txid < pg_snapshot_xmin(pg_current_snapshot())
    ) as found`;
  return row?.found ?? false;
}

/** The cursor row, locked; null while another relay (a second scheduler) holds it. */
export async function lockRelayCursor(tx: TDb, cursor: TRelayCursorTable): Promise<TRelayCursor | null> {
  const [row] = await tx.$queryRaw<TRelayCursor[]>`
    select txid::text, "eventId"::text from ${table(cursor)} where id = 1 for update skip locked`;
  return row ?? null;
}

/** Moves the cursor past the last event handled, in the caller's transaction. */
export async function moveRelayCursor(tx: TDb, cursor: TRelayCursorTable, last: { txid: string; id: string }): Promise<void> {
  await tx.$executeRaw`update ${table(cursor)} set txid = ${last.txid}::xid8, "eventId" = ${last.id}::bigint where id = 1`;
}

/** The committed events after the cursor, oldest first, at most `limit`, with `columns` selected. */
export function committedEventsAfter<T>(tx: TDb, cursor: TRelayCursor, columns: Prisma.Sql, limit: number): Promise<T[]> {
  return tx.$queryRaw<T[]>`
    select ${columns}
    from state_change_event
    where (txid, id) > (${cursor.txid}::xid8, ${cursor.eventId}::bigint) and txid < pg_snapshot_xmin(pg_current_snapshot())
    order by txid, id limit ${limit}`;
}
