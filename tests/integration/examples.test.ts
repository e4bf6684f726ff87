import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, seedDemo } from '../../prisma/seed';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('the shipped examples, run by the engine on the seeded demo workspace', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let engine: TestEngine;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('examples');
    warehouse = await createWarehouseDatabase('examples_wh');
    engine = new TestEngine(database.url);
    await seedDemo({ databaseUrl: database.url, secretKey: engine.secretKey, warehouseUrl: warehouse.url });
    workspaceId = (await database.db.workspace.findUniqueOrThrow({ where: { slug: DEMO_WORKSPACE.slug } })).id;
    await database.db.dag.updateMany({ where: { workspaceId }, data: { isPaused: false } });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
    await warehouse.drop();
  });

  const trigger = async (dagId: string, logicalDate?: Date) => {
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId, logicalDate });
    return waitForRun(database.db, run.id, 90_000);
  };

  it.each([
    ['hello_world', { print_hello: 'success', print_goodbye: 'success' }],
    ['hello_world_v2', { print_date: 'success', sleep: 'success', ls: 'success' }],
    ['start_end', { start: 'success', ls1: 'success', ls2: 'success', end: 'success' }],
  ])('%s succeeds', async (dagId, expected) => {
    const { run, states } = await trigger(dagId);
    expect(states, engine.output().slice(-3000)).toEqual(expected);
    expect(run.state).toBe('success');
  });

  it('course_stats computes per-course student count, review count and average rating (courses without reviews included)', async () => {
    const { states, instances } = await trigger('course_stats');
    expect(states, engine.output().slice(-3000)).toEqual({ build_course_stats: 'success', check_course_stats: 'success' });
    // Expected figures computed here from the raw rows, independently of the DAG's SQL.
    const courses = await query<{ course_id: number; title: string; num_students: number }>(warehouse.url, 'select * from course order by course_id');
    const reviews = await query<{ course_id: number; rating: number }>(warehouse.url, 'select course_id, rating from course_review');
    const expected = courses.map((course) => {
      const ratings = reviews.filter((review) => review.course_id === course.course_id).map((review) => review.rating);
      const average = ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null;
      return { course_id: course.course_id, title: course.title, student_count: course.num_students, review_count: ratings.length, avg_rating: average };
    });
    const actual = await query<{ course_id: number; title: string; student_count: number; review_count: string; avg_rating: string | null }>(
      warehouse.url,
      'select * from course_stats order by course_id',
    );
    expect(actual.map((row) => ({ ...row, review_count: Number(row.review_count), avg_rating: row.avg_rating === null ? null : Number(row.avg_rating) }))).toEqual(expected);
    expect(expected.some((row) => row.review_count === 0)).toBe(true);
    const check = instances.find((ti) => ti.taskId === 'check_course_stats')!;
    expect(await attemptLog(database.db, check.id, 1)).toMatch(/PASS/);
  });

  it("daily_orders loads only its logical date's orders, and another date adds only that day", async () => {
    const first = await trigger('daily_orders', new Date('2025-03-01T00:00:00Z'));
    expect(first.states, engine.output().slice(-3000)).toEqual({ load_orders: 'success', check_orders: 'success' });
    const second = await trigger('daily_orders', new Date('2025-03-02T00:00:00Z'));
    expect(second.run.state).toBe('success');
    const loaded = await query<{ day: string; n: string }>(
      warehouse.url,
      `select to_char(order_date, 'YYYY-MM-DD') as day, count(*) as n from orders_daily group by 1 order by 1`,
    );
    const source = await query<{ day: string; n: string }>(
      warehouse.url,
      `select to_char(order_date, 'YYYY-MM-DD') as day, count(*) as n from orders where order_date in ('2025-03-01', '2025-03-02') group by 1 order by 1`,
    );
    expect(loaded).toEqual(source);
  });
});
