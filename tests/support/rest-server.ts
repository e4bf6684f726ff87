import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrismaClient } from '../../server/db/client';
import { handleRestRequest } from '../../server/rest/router';

/**
 * REST v1 on a real HTTP server on loopback: the same router the web app mounts, without
 * building the web app. Returns its base URL (…/api/v1 is part of each path).
 */
export async function startRestServer(db: PrismaClient): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([key, value]) => (value === undefined ? [] : [[key, Array.isArray(value) ? value.join(', ') : value] as [string, string]])),
        body,
      });
      void handleRestRequest(request, { db }).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
