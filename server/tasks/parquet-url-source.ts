import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { EgressRefusedError } from '../integrations/egress';
import { egressFetch } from '../integrations/egress-fetch';
import type { TLoadSource } from './load-rows';
import { parquetSource, type TAsyncBuffer } from './parquet-source';
import { TaskFailure, type TTaskLog } from './task-type';

/**
 * A file on a server that ignores Range is read whole into memory up to this size; beyond it
 * the load fails rather than hold an unbounded file.
 */
export const PARQUET_WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

type TUrlContext = { signal: AbortSignal; egress: TEgressPolicy; log: TTaskLog };

/** `bytes 0-3/1234` → 1234; `*` or anything else → null. */
function totalOf(contentRange: string | null): number | null {
  const total = /\/(\d+)\s*$/.exec(contentRange ?? '')?.[1];
  return total === undefined ? null : Number(total);
}

async function get(url: string, range: string, ctx: TUrlContext): Promise<Response> {
  try {
    // identity: a compressed answer's byte ranges would not be the file's.
    return await egressFetch(ctx.egress, url, { signal: ctx.signal, headers: { range, 'accept-encoding': 'identity' } });
  } catch (error) {
    ctx.signal.throwIfAborted();
    if (error instanceof EgressRefusedError) throw new TaskFailure(`GET ${url}: ${error.message}`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new TaskFailure(`GET ${url} (${range}) failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
}

/** The body of a server that ignored Range, whole, refusing more than PARQUET_WHOLE_FILE_LIMIT even when it did not announce its length. */
async function wholeBody(url: string, response: Response): Promise<ArrayBuffer> {
  const refuse = (size: string) =>
    new TaskFailure(
      `GET ${url}: the server does not support range requests (it answered 200 to a Range request), and the file is ${size}: ` +
        `Tributary reads such a file whole only up to ${PARQUET_WHOLE_FILE_LIMIT / 1024 / 1024} MiB`,
    );
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > PARQUET_WHOLE_FILE_LIMIT) {
    await response.body?.cancel().catch(() => undefined);
    throw refuse(`${announced} bytes`);
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    const part = read.value;
    size += part.byteLength;
    if (size > PARQUET_WHOLE_FILE_LIMIT) {
      await reader.cancel().catch(() => undefined);
      throw refuse('larger than that');
    }
    parts.push(part);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.byteLength;
  }
  return whole.buffer;
}

function memoryBuffer(bytes: ArrayBuffer): TAsyncBuffer {
  return { byteLength: bytes.byteLength, slice: async (start, end) => bytes.slice(start, end) };
}

/** Each slice is one GET of exactly its bytes; a file that changes meanwhile (size or ETag) fails the load instead of mixing versions. */
function rangedBuffer(url: string, byteLength: number, etag: string | null, ctx: TUrlContext): TAsyncBuffer {
  return {
    byteLength,
    async slice(start, end = byteLength) {
      if (end <= start) return new ArrayBuffer(0);
      const range = `bytes=${start}-${end - 1}`;
      const response = await get(url, range, ctx);
      if (response.status !== 206) {
        await response.body?.cancel().catch(() => undefined);
        throw new TaskFailure(`GET ${url} (${range}) answered HTTP ${response.status} ${response.statusText}, not the 206 of a byte range`);
      }
      const total = totalOf(response.headers.get('content-range'));
      const changed = total !== byteLength || (etag !== null && response.headers.get('etag') !== etag);
      const body = await response.arrayBuffer();
      if (changed) throw new TaskFailure(`${url} changed while it was being read (its size or ETag differs from the first answer's): run the load again`);
      if (body.byteLength !== end - start) throw new TaskFailure(`GET ${url} (${range}) answered ${body.byteLength} bytes, expected ${end - start}`);
      return body;
    },
  };
}

/**
 * A Parquet file over HTTP(S), read by Range requests through the egress guard: the footer
 * first, then one row group's column chunks at a time. The first request asks for 4 bytes and
 * learns the size from Content-Range; a server that ignores Range is read whole when small enough.
 */
export async function parquetUrlFile(url: string, ctx: TUrlContext): Promise<TAsyncBuffer> {
  const probe = await get(url, 'bytes=0-3', ctx);
  if (probe.status === 416) {
    await probe.body?.cancel().catch(() => undefined);
    return memoryBuffer(new ArrayBuffer(0));
  }
  if (probe.status === 200) {
    ctx.log.system(`The server ignores Range: reading ${url} whole`);
    return memoryBuffer(await wholeBody(url, probe));
  }
  if (probe.status !== 206) {
    await probe.body?.cancel().catch(() => undefined);
    throw new TaskFailure(`GET ${url} answered HTTP ${probe.status} ${probe.statusText}`);
  }
  await probe.arrayBuffer();
  const byteLength = totalOf(probe.headers.get('content-range'));
  if (byteLength === null) throw new TaskFailure(`GET ${url}: the server's Content-Range (${probe.headers.get('content-range') ?? 'none'}) does not give the file's size`);
  ctx.log.system(`Reading ${byteLength} bytes of Parquet from ${url} by range requests`);
  return rangedBuffer(url, byteLength, probe.headers.get('etag'), ctx);
}

/** A `{url, format: parquet}` source: the file's columns typed from its schema, its rows streamed row group by row group. */
export async function withParquetUrlSource<T>(url: string, ctx: TUrlContext, work: (source: TLoadSource) => Promise<T>): Promise<T> {
  const file = await parquetUrlFile(url, ctx);
  return work(await parquetSource(file, url, ctx.signal));
}
