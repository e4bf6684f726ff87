import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_USER, embeddedPasswordFile, readEmbeddedPassword } from './embedded-postgres-address';
import { generateDatabasePassword, scramSha256Verifier } from './scram-verifier';

/** Starts the cluster with extra server flags; the caller owns the EmbeddedPostgres options. */
export type TStartWithFlags = (postgresFlags: string[]) => Promise<{ stop(): Promise<void> }>;

/**
 * The password of the embedded cluster in `dataDir`, from its password file. A cluster without
 * one (just initialised, or made by a version that used a fixed password) gets a new random
 * password first, set over a private unix socket (see setPasswordOverPrivateSocket), so no
 * previous password is needed, nor kept anywhere in the code.
 *
 * The file is written only after the role has the password, and atomically: a crash in
 * between leaves no file, and the next start simply sets another password.
 */
export async function ensureEmbeddedPassword(options: {
  dataDir: string;
  port: number;
  startWithFlags: TStartWithFlags;
  log: (line: string) => void;
}): Promise<{ password: string; created: boolean }> {
  const file = embeddedPasswordFile(options.dataDir);
  if (existsSync(file)) {
    await keepPrivate(file);
    return { password: readEmbeddedPassword(options.dataDir), created: false };
  }
  options.log(`[tributary] no ${file}: setting a new random password for role ${EMBEDDED_USER}`);
  const password = generateDatabasePassword();
  await setPasswordOverPrivateSocket({ ...options, password });
  await switchHbaToScram(options.dataDir);
  await writePrivateFile(file, `${password}\n`);
  return { password, created: true };
}

/**
 * Starts the server once with TCP off and only a unix socket in a fresh folder that only the
 * server's user (and root) can enter, with an hba file that trusts that socket for our role
 * alone; sets the password there and stops. The server runs as the owner of its data
 * directory (`postgres` when we are root), so the folder and the hba file are given to it.
 */
async function setPasswordOverPrivateSocket(options: {
  dataDir: string;
  port: number;
  password: string;
  startWithFlags: TStartWithFlags;
}) {
  const owner = await stat(options.dataDir);
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-pg-'));
  try {
    await chown(socketDir, owner.uid, owner.gid);
    await chmod(socketDir, 0o700);
    const hbaFile = path.join(socketDir, 'pg_hba.conf');
    await writeFile(hbaFile, `local all ${EMBEDDED_USER} trust\n`, { mode: 0o600 });
    await chown(hbaFile, owner.uid, owner.gid);
    const server = await options.startWithFlags([
      '-c', 'listen_addresses=',
      '-c', `unix_socket_directories=${socketDir}`,
      '-c', 'unix_socket_permissions=0700',
      '-c', `hba_file=${hbaFile}`,
    ]);
    try {
      const client = new pg.Client({ host: socketDir, port: options.port, user: EMBEDDED_USER, database: 'postgres' });
      await client.connect();
      try {
        // The verifier, not the password: a failing statement's text goes to the server log.
        const verifier = scramSha256Verifier(options.password);
        await client.query(`alter role "${EMBEDDED_USER}" password ${client.escapeLiteral(verifier)}`);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await rm(socketDir, { recursive: true, force: true });
  }
}

/**
 * Clusters initialised by earlier versions accept the password in clear text (`password`
 * method). The role's password is now stored as a SCRAM verifier, so the lines that initdb
 * wrote with `password` or `md5` become `scram-sha-256`; lines carrying options, and other
 * methods, are left as the operator wrote them.
 */
async function switchHbaToScram(dataDir: string) {
  const file = path.join(dataDir, 'pg_hba.conf');
  if (!existsSync(file)) return;
  const text = await readFile(file, 'utf8');
  const updated = text
    .split('\n')
    .map((line) => (/^\s*(#|$)/.test(line) ? line : line.replace(/(\s)(?:password|md5)(\s*)$/, '$1scram-sha-256$2')))
    .join('\n');
  // Written in place: the file keeps its owner (the server's user) and mode.
  if (updated !== text) await writeFile(file, updated);
}

/** Written under a temporary name and renamed, so a reader never sees half a file. */
export async function writePrivateFile(file: string, content: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
  await rename(temporary, file);
}

/** A copied or restored file may have lost its mode: only its owner may read a credential. */
export async function keepPrivate(file: string) {
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) await chmod(file, 0o600);
}
