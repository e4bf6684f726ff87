import http from 'node:http';
import type { AddressInfo } from 'node:net';

type TServedFile = { bytes: Uint8Array; ranges: boolean; announcedLength?: number };
export type TServedRequest = { path: string; range: string | undefined; status: number };

export type TParquetServer = {
  baseUrl: string;
  port: number;
  requests: TServedRequest[];
  /** Serves `bytes` at `path`, honouring Range (206) unless `ranges: false` (200, the whole file). */
  serve(path: string, bytes: Uint8Array, options?: { ranges?: boolean; announcedLength?: number }): void;
  clear(): void;
  stop(): Promise<void>;
};

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → [start, end] inclusive, or null when unsatisfiable. */
function parseRange(header: string, size: number): [number, number] | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, first = '', last = ''] = match;
  if (first === '') return size === 0 ? null : [Math.max(0, size - Number(last)), size - 1];
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start >= size || end < start ? null : [start, end];
}

function answer(file: TServedFile, range: string | undefined, response: http.ServerResponse): number {
  const size = file.bytes.byteLength;
  if (!file.ranges || range === undefined) {
    response.writeHead(200, { 'content-type': 'application/vnd.apache.parquet', 'content-length': String(file.announcedLength ?? size) });
    // A file announced larger than it is: the client must refuse it from the header alone.
    if (file.announcedLength !== undefined) {
      response.write(file.bytes.subarray(0, 1024));
      return 200;
    }
    response.end(file.bytes);
    return 200;
  }
  const bounds = parseRange(range, size);
  if (!bounds) {
    response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    return 416;
  }
  const [start, end] = bounds;
  response.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1), etag: '"v1"', 'accept-ranges': 'bytes' });
  response.end(file.bytes.subarray(start, end + 1));
  return 206;
}

/** A static file server on loopback, as an object store or CDN serves Parquet: Range requests answered 206. */
export async function startParquetServer(): Promise<TParquetServer> {
  const files = new Map<string, TServedFile>();
  const requests: TServedRequest[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? '';
    const file = files.get(path);
    const range = request.headers.range;
    if (!file) {
      response.writeHead(404).end('not found');
      requests.push({ path, range, status: 404 });
      return;
    }
    requests.push({ path, range, status: answer(file, range, response) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    serve: (path, bytes, options = {}) => files.set(path, { bytes, ranges: options.ranges ?? true, announcedLength: options.announcedLength }),
    clear: () => {
      files.clear();
      requests.length = 0;
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
