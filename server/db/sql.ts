import type { Prisma, PrismaClient } from './generated/client';

/** A client or an open transaction: what every engine query takes. */
export type TDb = PrismaClient | Prisma.TransactionClient;

/**
 * Raw statements only: what the engine's hot path (claims, outcomes, scheduling passes) needs,
 * answered alike by a Prisma client or transaction and by `PgSql` (the pg driver directly).
 */
export interface TSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Raw statements and transactions of them. */
export interface TSqlTransactor extends TSql {
  $transaction<R>(work: (tx: TSql) => Promise<R>, options?: { timeout?: number }): Promise<R>;
}
