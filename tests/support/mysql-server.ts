import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { freePort } from '../../server/db/embedded-postgres';
import { waitFor } from './test-database';
import { daemonStopper, findProgram } from './throwaway-daemon';

/**
 * A throwaway MariaDB (Debian's mariadb-server) for the MySQL connection tests: its own data
 * directory in a temp folder, TCP on 127.0.0.1 and a free port, one database and one user with
 * a password (never --skip-grant-tables: the tests must prove the password is sent and hidden).
 */
export type TMysqlServer = {
  host: '127.0.0.1';
  port: number;
  database: string;
  user: string;
  password: string;
  /** A session as the test user, for setting up and reading tables. */
  connect(): Promise<mysql.Connection>;
  /** With `tls`: the PEM text of the CA that signed the server's certificate (for DNS name localhost only). */
  caPem: string | null;
  /** The connection a task receives for this server. */
  connection(connId: string, overrides?: Partial<TResolvedConnection>): TResolvedConnection;
  stop(): Promise<void>;
};


const findMariadbProgram = (name: string) => findProgram(name, 'apt-get install mariadb-server (the MySQL connection tests need a real MariaDB)');


/** mariadbd refuses to run as root unless told which user to be. */
const asUser = () => (process.getuid?.() === 0 ? ['--user=root'] : []);

function installDataDir(dataDir: string): void {
  const install = spawnSync(
    findMariadbProgram('mariadb-install-db'),
    ['--no-defaults', '--auth-root-authentication-method=normal', `--datadir=${dataDir}`, '--skip-test-db', ...asUser()],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db failed (exit ${install.status}): ${install.stderr || install.stdout}`);
}

function openssl(args: string[], cwd: string): void {
  const run = spawnSync(findProgram('openssl', 'apt-get install openssl'), args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args[0]} failed (exit ${run.status}): ${run.stderr}`);
}

/** A throwaway CA and a server certificate it signed for the name localhost (not for 127.0.0.1). */
function makeCertificates(dir: string): string[] {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=tributary test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server-key.pem', '-out', 'server.csr'], dir);
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server-cert.pem'], dir);
  return [`--ssl-ca=${path.join(dir, 'ca.pem')}`, `--ssl-cert=${path.join(dir, 'server-cert.pem')}`, `--ssl-key=${path.join(dir, 'server-key.pem')}`];
}

function startDaemon(dir: string, port: number, socket: string, extraArgs: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(
    findMariadbProgram('mariadbd'),
    [
      '--no-defaults', `--datadir=${path.join(dir, 'data')}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
      `--pid-file=${path.join(dir, 'mariadbd.pid')}`, '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=16M',
      ...asUser(),
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function rootSession(socketPath: string): Promise<mysql.Connection | null> {
  try {
    return await mysql.createConnection({ socketPath, user: 'root', password: '' });
  } catch {
    return null;
  }
}

/** `database` names the database the user owns; `tls` gives the server a certificate from a throwaway CA. */
export async function startMysqlServer(given: string | { database?: string; tls?: boolean } = {}): Promise<TMysqlServer> {
  const options = typeof given === 'string' ? { database: given } : given;
  const database = options.database ?? 'tributary_test';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-mariadb-'));
  const socket = path.join(dir, 'mariadbd.sock');
  installDataDir(path.join(dir, 'data'));
  const tlsArgs = options.tls ? makeCertificates(dir) : [];
  const caPem = options.tls ? readFileSync(path.join(dir, 'ca.pem'), 'utf8') : null;
  const port = await freePort();
  const daemon = startDaemon(dir, port, socket, tlsArgs);
  const stop = daemonStopper(daemon.child, dir);
  try {
    const session = await waitFor(async () => {
      if (daemon.child.exitCode !== null) throw new Error(`mariadbd exited with ${daemon.child.exitCode}:\n${daemon.output()}`);
      return rootSession(socket);
    }, { what: 'mariadbd to accept connections', timeoutMs: 30_000 });
    const user = 'tributary_user';
    const password = `pw-${randomBytes(12).toString('hex')}`;
    await session.query(`create database \`${database}\``);
    await session.query(`create user '${user}'@'%' identified by '${password}'`);
    await session.query(`grant all on \`${database}\`.* to '${user}'@'%'`);
    await session.end();
    const connect = () => mysql.createConnection({ host: '127.0.0.1', port, user, password, database, multipleStatements: true });
    const connection = (connId: string, overrides: Partial<TResolvedConnection> = {}): TResolvedConnection => ({
      connId, connType: 'mysql', host: '127.0.0.1', port, login: user, password, schema: database, extra: {}, ...overrides,
    });
    return { host: '127.0.0.1', port, database, user, password, caPem, connect, connection, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
