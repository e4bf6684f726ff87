/**
 * What `npm start` does before it starts any process: the embedded PostgreSQL (unless
 * DATABASE_URL names a server), the local keys, the migrations, the sample warehouse and its
 * roles, and the demo workspace. Every step is idempotent, so a second start of the same data
 * folder only checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateKey } from '../server/auth/secret-box';
import { ensureDatabase, startEmbeddedPostgres, type TEmbeddedPostgres } from '../server/db/embedded-postgres';
import { closeMetadataDatabase, prepareSampleWarehouse } from './database-roles';
import { migrateDatabase } from './migrate';
import { seedDemo } from '../prisma/seed';

export type TPreparedData = {
  databaseUrl: string;
  secretKey: string;
  authSecret: string;
  /** The embedded server, when there is one: the caller stops it. */
  embedded: TEmbeddedPostgres | null;
  seeded: Awaited<ReturnType<typeof seedDemo>>;
};

export async function prepareData(options: {
  dataDir: string;
  databaseUrl?: string;
  secretKey?: string;
  authSecret?: string;
  say: (message: string) => void;
  /** Called as soon as the embedded server runs, so that a failure later still stops it. */
  onEmbedded?: (embedded: TEmbeddedPostgres) => void;
}): Promise<TPreparedData> {
  const { dataDir, say } = options;
  await mkdir(dataDir, { recursive: true });
  let embedded: TEmbeddedPostgres | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL in ${path.join(dataDir, 'pg')}`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
    options.onEmbedded?.(embedded);
    if (embedded.passwordCreated) say(`set a new random password for PostgreSQL's role, kept in ${embedded.passwordFile} (mode 0600)`);
    await ensureDatabase(embedded.url('postgres'), 'tributary');
    databaseUrl = embedded.url('tributary');
  }
  const secretKey = options.secretKey ?? (await localSecret(dataDir, 'secret.key'));
  const authSecret = options.authSecret ?? (await localSecret(dataDir, 'auth.secret'));

  say('applying database migrations');
  await migrateDatabase(databaseUrl);
  const warehouseUrl = await prepareSampleWarehouse({ databaseUrl, passwordFile: path.join(dataDir, 'warehouse.password'), say });
  const warehouseRole = warehouseUrl === null ? null : decodeURIComponent(new URL(warehouseUrl).username);
  await closeMetadataDatabase({ databaseUrl, warehouseRole, say });
  say('seeding the demo workspace');
  const seeded = await seedDemo({ databaseUrl, secretKey, warehouseUrl });
  for (const warning of seeded.warnings) say(`warning: ${warning}`);
  return { databaseUrl, secretKey, authSecret, embedded, seeded };
}

/** A key generated once and kept in the data directory (only this user may read it). */
async function localSecret(dataDir: string, fileName: string): Promise<string> {
  const file = path.join(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = generateKey();
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
