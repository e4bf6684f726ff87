import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../server/db/generated/client';

export type TRecordedStatement = { sql: string; params: unknown[] };

/**
 * A Prisma client that records every statement it sends, with its parameters, so that a test
 * can EXPLAIN exactly what a service asked of the database, including the SQL Prisma builds
 * for it. Built here rather than by server/db/client.ts: only tests listen to query events.
 */
export function recordingClient(connectionString: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 2 }), log: [{ emit: 'event', level: 'query' }] });
  const statements: TRecordedStatement[] = [];
  db.$on('query', (event) => statements.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  return {
    db,
    /** The statements sent while `work` ran (transaction control left out). */
    async record(work: (db: PrismaClient) => Promise<unknown>): Promise<TRecordedStatement[]> {
      statements.length = 0;
      await work(db);
      return statements.filter((statement) => !/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(statement.sql.trim()));
    },
  };
}

/** A plan node of EXPLAIN (FORMAT JSON), with the fields the checks read. */
export type TPlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: TPlanNode[] };

/** EXPLAIN (FORMAT JSON) of one statement with its parameters, as the planner would run it. */
export async function explain(connectionString: string, statement: TRecordedStatement): Promise<TPlanNode> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // A custom plan for these very parameters, as the first executions of a prepared statement get.
    await client.query(`set plan_cache_mode = force_custom_plan`);
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: TPlanNode }[] }>(`explain (format json) ${statement.sql}`, statement.params);
    return rows[0]!['QUERY PLAN'][0]!.Plan;
  } finally {
    await client.end();
  }
}

/** Every node of a plan, depth first. */
export function planNodes(plan: TPlanNode): TPlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}
