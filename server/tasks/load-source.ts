import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type pg from 'pg';
import type { TLoadConfig } from '../domain/dag/task-configs';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { EgressRefusedError } from '../integrations/egress';
import { egressFetch } from '../integrations/egress-fetch';
import { isMysqlConnType } from '../domain/connections/mysql-settings';
import { parsePostgresType } from '../domain/load/column-types';
import { withMysqlQuerySource } from './load-source-mysql';
import { withS3Source } from './load-source-s3';
import { csvSource, textColumns } from './load-csv';
import { inTransaction, withPostgresClient } from './postgres-connection';
import { inBatches, SOURCE_BATCH_ROWS, type TLoadColumn, type TLoadRow, type TLoadSource } from './load-rows';
import { TaskFailure, type TTaskRunContext } from './task-type';
import { withParquetUrlSource } from './parquet-url-source';

const CURSOR = 'tributary_load_source';

type TUrlSource = Extract<TLoadConfig['source'], { url: string }>;
type TQuerySource = Extract<TLoadConfig['source'], { sql: string }>;
type TLoadContext = Pick<TTaskRunContext<'load'>, 'signal' | 'egress' | 'getConnection' | 'log'>;

async function fetchSource(url: string, signal: AbortSignal, egress: TEgressPolicy): Promise<Response> {
  let response: Response;
  try {
    response = await egressFetch(egress, url, { signal });
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof EgressRefusedError) throw new TaskFailure(`GET ${url}: ${error.message}`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new TaskFailure(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new TaskFailure(`GET ${url} answered HTTP ${response.status} ${response.statusText}`);
  }
  return response;
}

/** header: true → the first record names the columns and is never loaded; false → col1..colN. */
async function urlCsvSource(source: TUrlSource, body: ReadableStream<Uint8Array>): Promise<TLoadSource> {
  // The cast only reconciles the DOM and Node typings of the same WHATWG stream.
  return csvSource(source.url, Readable.fromWeb(body as NodeReadableStream<Uint8Array>), source.header);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The list of objects in a JSON document: the document itself, or its one list-valued property. */
function jsonItems(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (isRecord(document)) {
    const lists = Object.entries(document).filter(([, value]) => Array.isArray(value));
    const [only] = lists;
    if (lists.length === 1 && only) return only[1] as unknown[];
    if (lists.length > 1) {
      throw new TaskFailure(`the JSON object has several lists (${lists.map(([key]) => key).join(', ')}): expected exactly one`);
    }
  }
  throw new TaskFailure('the JSON must be a list of objects, or an object with one list of objects');
}

function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

async function jsonSource(source: TUrlSource, response: Response): Promise<TLoadSource> {
  let document: unknown;
  try {
    document = await response.json();
  } catch (error) {
    throw new TaskFailure(`the response of ${source.url} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const items = jsonItems(document);
  const names = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (!isRecord(item)) throw new TaskFailure(`item ${index + 1} of the JSON list is not an object`);
    for (const key of Object.keys(item)) names.add(key);
  }
  const columns = [...names];
  const rows = items.map((item) => columns.map((name) => jsonText((item as Record<string, unknown>)[name])));
  return { description: source.url, columns: textColumns(columns), batches: inBatches(rows) };
}

async function withUrlSource<T>(source: TUrlSource, ctx: TLoadContext, work: (source: TLoadSource) => Promise<T>): Promise<T> {
  ctx.log.system(`Fetching ${source.format.toUpperCase()} from ${source.url}`);
  // Parquet is read by byte ranges (footer first, then one row group at a time), not as one download.
  if (source.format === 'parquet') return withParquetUrlSource(source.url, ctx, work);
  const response = await fetchSource(source.url, ctx.signal, ctx.egress);
  if (source.format === 'json') return work(await jsonSource(source, response));
  if (!response.body) return work({ description: source.url, columns: [], batches: inBatches([]) });
  return work(await urlCsvSource(source, response.body));
}

async function fetchBatch(client: pg.Client): Promise<pg.QueryArrayResult> {
  return client.query({ text: `fetch forward ${SOURCE_BATCH_ROWS} from ${CURSOR}`, rowMode: 'array' });
}

/** The source's column types as PostgreSQL spells them (`numeric(10,2)`), to create the target alike. */
async function queryColumns(client: pg.Client, fields: pg.FieldDef[]): Promise<TLoadColumn[]> {
  const { rows } = await client.query<{ type: string }>(
    `select format_type(t.oid, t.typmod) as type from unnest($1::oid[], $2::int[]) with ordinality as t(oid, typmod, n) order by t.n`,
    [fields.map((field) => field.dataTypeID), fields.map((field) => field.dataTypeModifier)],
  );
  return fields.map((field, index) => {
    const postgresType = rows[index]?.type ?? 'text';
    return { name: field.name, type: parsePostgresType(postgresType), postgresType };
  });
}

function textRows(rows: unknown[][]): TLoadRow[] {
  return rows.map((row) => row.map((value) => (value === null ? null : String(value))));
}

async function withQuerySource<T>(source: TQuerySource, ctx: TLoadContext, work: (source: TLoadSource) => Promise<T>): Promise<T> {
  const connection = await ctx.getConnection(source.conn_id);
  ctx.log.system(`Querying connection '${source.conn_id}'`);
  if (isMysqlConnType(connection.connType)) return withMysqlQuerySource(connection, source.sql, ctx, work);
  const sql = source.sql.trim().replace(/;\s*$/, '');
  // A cursor in a repeatable-read snapshot: every batch comes from the same consistent moment,
  // and only one batch is in memory at a time. Read-only because a load's source is a read.
  const begin = 'begin isolation level repeatable read, read only';
  return withPostgresClient(
    connection,
    ctx,
    (client) =>
      inTransaction(
        client,
        async () => {
          await client.query(`declare ${CURSOR} no scroll cursor for ${sql}`);
          const first = await fetchBatch(client);
          const columns = await queryColumns(client, first.fields);
          async function* batches(): AsyncGenerator<TLoadRow[]> {
            let batch = first;
            while (batch.rows.length > 0) {
              yield textRows(batch.rows);
              if (batch.rows.length < SOURCE_BATCH_ROWS) return;
              batch = await fetchBatch(client);
            }
          }
          return work({ description: `connection '${source.conn_id}'`, columns, batches: batches() });
        },
        begin,
      ),
    { values: 'text' },
  );
}

/** Opens the load's source for the duration of `work` (a source query's session stays open until it returns). */
export async function withLoadSource<T>(
  source: TLoadConfig['source'],
  ctx: TLoadContext,
  work: (source: TLoadSource) => Promise<T>,
): Promise<T> {
  if ('url' in source) return withUrlSource(source, ctx, work);
  // An S3 source is the one with a key (objects), a query source the one with sql.
  if ('key' in source) return withS3Source(source, ctx, work);
  return withQuerySource(source, ctx, work);
}
