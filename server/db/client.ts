import { PrismaPg } from '@prisma/adapter-pg';
import { requireDatabaseUrl } from '../env';
import { PrismaClient } from './generated/client';

export type { PrismaClient } from './generated/client';
export { Prisma } from './generated/client';

/** The one place a Prisma client is built: through the pg driver adapter (no native engine). */
export function createPrismaClient(connectionString: string, options?: { max?: number }): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: options?.max ?? 10 }),
  });
}

const globalForPrisma = globalThis as unknown as { tributaryPrisma?: PrismaClient };

/** The process-wide client (kept on globalThis so Next's dev reloads do not open new pools). */
export function prisma(): PrismaClient {
  globalForPrisma.tributaryPrisma ??= createPrismaClient(requireDatabaseUrl());
  return globalForPrisma.tributaryPrisma;
}
