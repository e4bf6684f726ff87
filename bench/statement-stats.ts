import pg from 'pg';

/** One normalised statement's share of the database's time over a measured window. */
export type TStatementTime = { query: string; calls: number; ms: number };

/** What a window cost the database: execution plus planning time of every statement. */
export type TDatabaseTime = { totalMs: number; statements: TStatementTime[] };

/**
 * The PostgreSQL server's own account of time spent on statements (pg_stat_statements, with
 * planning tracked): "database time" without the network, the driver or the client's event loop.
 * Only this database's statements are counted, and none of these readings themselves. On a
 * server that does not load the extension, `unavailable` says why and read() gives null.
 */
export class StatementStats {
  private constructor(
    private readonly client: pg.Client | null,
    readonly unavailable: string | null,
  ) {}

  static async open(databaseUrl: string): Promise<StatementStats> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('create extension if not exists pg_stat_statements');
      await client.query('select 1 from pg_stat_statements limit 1');
      return new StatementStats(client, null);
    } catch (error) {
      await client.end();
      return new StatementStats(null, error instanceof Error ? error.message : String(error));
    }
  }

  async reset(): Promise<void> {
    await this.client?.query(`select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)`);
  }

  async read(): Promise<TDatabaseTime | null> {
    if (!this.client) return null;
    const { rows } = await this.client.query<{ query: string; calls: string; ms: number }>(`
      select query, calls, total_exec_time + total_plan_time as ms
      from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query not like '%pg_stat_statements%'
      order by ms desc`);
    const statements = rows.map((row) => ({ query: row.query.replace(/\s+/g, ' ').trim(), calls: Number(row.calls), ms: Number(row.ms) }));
    return { totalMs: statements.reduce((sum, row) => sum + row.ms, 0), statements };
  }

  async close(): Promise<void> {
    await this.client?.end();
  }
}

/** A window's time divided over `rounds` repetitions (calls rounded): per tick, per request. */
export function perRound(time: TDatabaseTime, rounds: number): TDatabaseTime {
  return {
    totalMs: time.totalMs / rounds,
    statements: time.statements.map((row) => ({ ...row, calls: Math.round(row.calls / rounds), ms: row.ms / rounds })),
  };
}

/** Statements per round, unrounded. */
export const statementsPerRound = (time: TDatabaseTime, rounds: number) => time.statements.reduce((sum, row) => sum + row.calls, 0) / rounds;

/** Lines naming the statements that took most of a window's database time. */
export function topStatements(time: TDatabaseTime, count = 6, width = 110): string[] {
  return time.statements.slice(0, count).map((row) => {
    const text = row.query.length > width ? `${row.query.slice(0, width - 1)}…` : row.query;
    return `    ${row.ms.toFixed(1).padStart(9)} ms ${String(row.calls).padStart(6)}× ${text}`;
  });
}

/**
 * Asks the embedded server (its superuser) to load pg_stat_statements with planning tracked;
 * takes effect at its next start.
 */
export async function preloadStatementStats(maintenanceUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await client.query(`alter system set pg_stat_statements.track_planning = on`);
  } finally {
    await client.end();
  }
}
