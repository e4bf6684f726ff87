import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { TCopyBatch, TLoadColumn, TLoadRow, TLoadSource } from './load-rows';
import { parquetSource, type TAsyncBuffer } from './parquet-source';
import type { TS3Session } from './s3-client';
import { TaskFailure } from './task-type';

/** An object read by byte range (ranged GetObject): Parquet's footer first, then one row group at a time, never the whole file. */
export function s3ObjectBuffer(session: TS3Session, bucket: string, key: string, byteLength: number): TAsyncBuffer {
  return {
    byteLength,
    async slice(start, end = byteLength) {
      if (end <= start) return new ArrayBuffer(0);
      const command = new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` });
      try {
        const object = await session.client.send(command, { abortSignal: session.signal });
        const bytes = await object.Body!.transformToByteArray();
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      } catch (error) {
        throw session.failure(`reading bytes ${start}-${end - 1} of s3://${bucket}/${key}`, error);
      }
    },
  };
}

function describeColumns(columns: TLoadColumn[]): string {
  return columns.map((column) => `${column.name} ${column.postgresType ?? column.type.kind}`).join(', ');
}

/**
 * Parquet objects as one source: typed columns from the first file, which every other file must
 * have alike (names and types), each file streamed row group by row group (parquetSource).
 */
export async function s3ParquetSource(
  session: TS3Session,
  bucket: string,
  objects: { key: string; size: number }[],
  description: string,
  onFile: (url: string) => void,
): Promise<TLoadSource> {
  const url = (key: string) => `s3://${bucket}/${key}`;
  const [first, ...rest] = objects as [{ key: string; size: number }, ...{ key: string; size: number }[]];
  const firstSource = await parquetSource(s3ObjectBuffer(session, bucket, first.key, first.size), url(first.key), session.signal);
  const shape = JSON.stringify(firstSource.columns);
  /** Every file after the first, opened in turn, each checked against the first's columns. */
  async function* others(): AsyncGenerator<typeof firstSource> {
    for (const object of rest) {
      onFile(url(object.key));
      const next = await parquetSource(s3ObjectBuffer(session, bucket, object.key, object.size), url(object.key), session.signal);
      if (JSON.stringify(next.columns) !== shape) {
        throw new TaskFailure(
          `${url(object.key)} has the columns (${describeColumns(next.columns)}), but ${url(first.key)} has (${describeColumns(firstSource.columns)}): ` +
            'every file of a load must have the same columns',
        );
      }
      yield next;
    }
  }
  async function* batches(): AsyncGenerator<TLoadRow[]> {
    yield* firstSource.batches;
    for await (const next of others()) yield* next.batches;
  }
  async function* copyBatches(): AsyncGenerator<TCopyBatch> {
    yield* firstSource.copyBatches();
    for await (const next of others()) yield* next.copyBatches();
  }
  return { description, columns: firstSource.columns, batches: batches(), copyBatches };
}
