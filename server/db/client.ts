import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { requireDatabaseUrl } from '../env';
import { PrismaClient } from './generated/client';
import { PgSql } from './pg-sql';

export type { PrismaClient } from './generated/client';
export { Prisma } from './generated/client';

/**
 * How long a transaction may wait for a connection of the pool, and run. Prisma's default wait
 * is 2 s: on a busy worker, whose running tasks keep the pool full, the group commit of their
 * outcomes then failed to start, and the outcomes were left to zombie detection. Waiting is
 * the right answer under load; failing is not.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 };

/** The one place a Prisma client is built: through the pg driver adapter (no native engine). */
export function createPrismaClient(connectionString: string, options?: { max?: number }): PrismaClient {
  return createDatabase(connectionString, options).db;
}

/**
 * A Prisma client and the pg driver's raw statements (`PgSql`, the engine's hot path) on one
 * pool: one set of connections, closed by the client's `$disconnect`.
 */
export function createDatabase(connectionString: string, options?: { max?: number }): { db: PrismaClient; sql: PgSql } {
  const pool = new pg.Pool({ connectionString, max: options?.max ?? 10 });
  // An idle connection's error (the server restarted) removes it from the pool; the next
  // statement reports any lasting trouble. Unhandled, it would end the process.
  pool.on('error', () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), transactionOptions: TRANSACTION_OPTIONS });
  return { db, sql: new PgSql(pool) };
}

const globalForPrisma = globalThis as unknown as { tributaryPrisma?: PrismaClient };

/** The process-wide client (kept on globalThis so Next's dev reloads do not open new pools). */
export function prisma(): PrismaClient {
  globalForPrisma.tributaryPrisma ??= createPrismaClient(requireDatabaseUrl());
  return globalForPrisma.tributaryPrisma;
}
