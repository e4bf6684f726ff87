import type { Prisma, PrismaClient } from './client';

/** A client or an open transaction: what every engine query takes. */
export type TDb = PrismaClient | Prisma.TransactionClient;
