import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3ObjectRef } from '../domain/connections/s3-settings';
import type { TLoadConfig } from '../domain/dag/task-configs';
import { csvColumnsAndRecords, textColumns } from './load-csv';
import { jsonLinesRows, jsonLinesWithColumns } from './load-jsonl';
import { inBatches, type TLoadRow, type TLoadSource } from './load-rows';
import { matchingKeys, withS3Client, type TS3Session } from './s3-client';
import { s3ParquetSource } from './s3-parquet';
import { TaskFailure, type TTaskRunContext } from './task-type';

export type TS3Source = Extract<TLoadConfig['source'], { key: string }>;
type TLoadContext = Pick<TTaskRunContext<'load'>, 'signal' | 'egress' | 'getConnection' | 'log'>;
type TOpened = { names: string[]; records: AsyncGenerator<TLoadRow> };

/** The object's body as a stream: never read whole, one batch of rows in memory at a time. */
async function objectStream(session: TS3Session, bucket: string, key: string): Promise<Readable> {
  try {
    const object = await session.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: session.signal });
    if (!(object.Body instanceof Readable)) throw new Error('the object has no body stream');
    return object.Body;
  } catch (error) {
    throw session.failure(`reading s3://${bucket}/${key}`, error);
  }
}

/** The object's own failures (a malformed CSV) name it; the store's already do. */
async function* naming(records: AsyncGenerator<TLoadRow>, where: string): AsyncGenerator<TLoadRow> {
  try {
    yield* records;
  } catch (error) {
    if (error instanceof TaskFailure && !error.message.startsWith(where)) throw new TaskFailure(`${where}: ${error.message}`, { retry: error.retry });
    throw error;
  }
}

function sameColumns(first: { where: string; names: string[] }, where: string, names: string[]): void {
  if (names.length === first.names.length && names.every((name, index) => name === first.names[index])) return;
  throw new TaskFailure(
    `${where} has the columns (${names.join(', ')}), but ${first.where} has (${first.names.join(', ')}): every file of a load must have the same columns`,
  );
}

/**
 * Loads objects from an s3 connection: one key, or every key a glob matches (listed by its fixed
 * prefix, in key order), as CSV (the URL source's reader), JSON lines, or Parquet (typed columns,
 * read by byte ranges: s3-parquet.ts). Every file must have the columns of the first. No matching object fails the task, naming the bucket and the pattern, as
 * Airflow's S3 transfers do: an s3 sensor upstream waits for files that are still to come.
 */
export async function withS3Source<T>(source: TS3Source, ctx: TLoadContext, work: (source: TLoadSource) => Promise<T>): Promise<T> {
  const ref = s3ObjectRef(source.bucket, source.key);
  if (!ref.ok) throw new TaskFailure(`source.key: ${ref.error}`);
  const { bucket, key: pattern } = ref.value;
  const connection = await ctx.getConnection(source.conn_id);
  return withS3Client(connection, ctx, async (session) => {
    const objects: { key: string; size: number }[] = [];
    for await (const object of matchingKeys(session, bucket, pattern)) objects.push(object);
    const keys = objects.map((object) => object.key);
    if (keys.length === 0) throw new TaskFailure(`no object of bucket '${bucket}' matches '${pattern}' (connection '${source.conn_id}')`);
    ctx.log.system(`Reading ${keys.length} object${keys.length === 1 ? '' : 's'} of s3://${bucket} matching ${pattern} as ${source.format.toUpperCase()}`);
    const url = (key: string) => `s3://${bucket}/${key}`;
    const description = keys.length === 1 ? url(keys[0]!) : `${keys.length} objects of s3://${bucket} matching ${pattern}`;
    if (source.format === 'parquet') {
      return work(await s3ParquetSource(session, bucket, objects, description, (where) => ctx.log.system(`Reading ${where}`)));
    }
    const open = async (key: string, columns: string[] | null): Promise<TOpened> => {
      const body = await objectStream(session, bucket, key);
      if (source.format === 'csv') return csvColumnsAndRecords(body, source.header);
      if (source.format !== 'jsonl') throw new Error(`format ${source.format} is not read as a stream`);
      if (columns === null) return jsonLinesWithColumns(body, url(key));
      return { names: columns, records: jsonLinesRows(body, url(key), columns) };
    };
    const [firstKey, ...rest] = keys as [string, ...string[]];
    const first = await open(firstKey, null).catch((error: unknown) => Promise.reject(renamed(error, url(firstKey))));
    const reference = { where: url(firstKey), names: first.names };
    async function* rows(): AsyncGenerator<TLoadRow> {
      yield* naming(first.records, reference.where);
      for (const key of rest) {
        ctx.signal.throwIfAborted();
        ctx.log.system(`Reading ${url(key)}`);
        const next = await open(key, reference.names).catch((error: unknown) => Promise.reject(renamed(error, url(key))));
        // An empty file has no header to compare: it adds no rows.
        if (next.names.length > 0 || source.format !== 'csv') sameColumns(reference, url(key), next.names);
        yield* naming(next.records, url(key));
      }
    }
    return work({ description, columns: textColumns(first.names), batches: inBatches(rows()) });
  });
}

function renamed(error: unknown, where: string): unknown {
  if (error instanceof TaskFailure && !error.message.startsWith(where) && !error.message.includes(' on connection ')) return new TaskFailure(`${where}: ${error.message}`);
  return error;
}
