import { startS3Server } from '../tests/support/s3-server';

/**
 * s3rver on its own process for the load bench (s3rver-process.ts starts it): it stands in for a
 * remote store, so its request handling must not share the measured load's thread. Prints its
 * port and keys as one JSON line; stops (objects removed) on SIGTERM.
 */
const server = await startS3Server();
process.on('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ port: server.port, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey })}\n`);
