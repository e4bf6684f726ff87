import pg from 'pg';
import { Prisma } from './generated/client';
import type { TSql, TSqlTransactor } from './sql';

/**
 * Results read as Prisma's `$queryRaw` reads them, so a statement answers the same through
 * either: bigint as BigInt, numeric as Decimal, a timestamp without time zone as UTC (pg's
 * default reads it in the process's zone). json, dates with a zone, arrays: pg's own parsers.
 */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === pg.types.builtins.INT8) return (text: string) => BigInt(text);
      if (oid === pg.types.builtins.NUMERIC) return (text: string) => new Prisma.Decimal(text);
      if (oid === pg.types.builtins.TIMESTAMP) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    }
    return pg.types.getTypeParser(oid, format);
  },
};

/** A Date as an instant PostgreSQL reads the same whatever the column's type and the process's zone (pg sends local time). */
function parameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(parameter);
  return value;
}

function statement(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
}

/** Raw statements on one pg client or on the pool. */
class PgStatements implements TSql {
  constructor(protected readonly client: pg.Pool | pg.PoolClient) {}

  async $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
    const sql = statement(query, values);
    return (await this.run(sql.text, sql.values)).rows as T;
  }

  async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number> {
    const sql = statement(query, values);
    return (await this.run(sql.text, sql.values)).rowCount ?? 0;
  }

  async $queryRawUnsafe<T = unknown>(text: string, ...values: unknown[]): Promise<T> {
    return (await this.run(text, values)).rows as T;
  }

  private run(text: string, values: readonly unknown[]) {
    return this.client.query({ text, values: values.map(parameter), types: TYPES });
  }
}

/**
 * The engine's hot path on the pg driver, beside Prisma on the same pool. A statement through
 * Prisma's client costs 0.5-0.9 ms of the process's time where the driver takes 0.15 ms; the
 * worker's claims, outcomes and scheduling passes are raw SQL already (`TSql`), so they run
 * here unchanged. Everything else keeps Prisma.
 */
export class PgSql extends PgStatements implements TSqlTransactor {
  constructor(private readonly pool: pg.Pool) {
    super(pool);
  }

  /** BEGIN … COMMIT on one pooled connection; `timeout` bounds each statement, as Prisma's bounds the transaction. */
  async $transaction<R>(work: (tx: TSql) => Promise<R>, options?: { timeout?: number }): Promise<R> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const timeout = Math.max(0, Math.floor(options?.timeout ?? 0));
      await client.query(timeout > 0 ? `begin; set local statement_timeout = ${timeout}` : 'begin');
      const result = await work(new PgStatements(client));
      await client.query('commit');
      return result;
    } catch (error) {
      try {
        await client.query('rollback');
      } catch (rollbackError) {
        // A connection that cannot roll back is not given back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
