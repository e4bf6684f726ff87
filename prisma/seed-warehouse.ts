import pg from 'pg';

/**
 * Sample tables for the demo `warehouse` connection: courses and their reviews (for
 * course_stats) and a year of orders (for the incremental daily_orders load). Deterministic,
 * so every machine gets the same rows, and idempotent (`on conflict do nothing`).
 */
export async function seedWarehouse(warehouseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: warehouseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`
      create table if not exists course (
        course_id integer primary key, title text not null, category text not null, num_students integer not null);
      create table if not exists course_review (
        review_id integer primary key, course_id integer not null references course(course_id),
        rating integer not null check (rating between 1 and 5), review_text text, created_at timestamptz not null);
      create table if not exists orders (
        order_id integer primary key, customer_id integer not null, order_date date not null, amount numeric(10,2) not null);`);
    await insertRows(client, 'course', ['course_id', 'title', 'category', 'num_students'], COURSES);
    await insertRows(client, 'course_review', ['review_id', 'course_id', 'rating', 'review_text', 'created_at'], reviews());
    await insertRows(client, 'orders', ['order_id', 'customer_id', 'order_date', 'amount'], orders());
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

const COURSES: unknown[][] = [
  [1, 'SQL for Analysts', 'data', 1240],
  [2, 'Airflow Fundamentals', 'data-engineering', 860],
  [3, 'Python for Data Pipelines', 'data-engineering', 1530],
  [4, 'Dimensional Modelling', 'data', 410],
  [5, 'Statistics Refresher', 'analytics', 720],
  [6, 'Dashboards that Work', 'analytics', 0],
];

/** A small linear congruential generator: the same "random" rows on every machine. */
function generator(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % max;
  };
}

function reviews(): unknown[][] {
  const next = generator(42);
  const rows: unknown[][] = [];
  // Course 6 has no reviews: the LEFT JOIN in course_stats must still report it.
  for (let id = 1; id <= 60; id++) {
    const courseId = 1 + next(5);
    const rating = 1 + next(5);
    rows.push([id, courseId, rating, `review ${id}`, new Date(Date.UTC(2025, 0, 1 + next(300)))]);
  }
  return rows;
}

function orders(): unknown[][] {
  const next = generator(7);
  const rows: unknown[][] = [];
  let id = 1;
  for (let day = 0; day < 365; day++) {
    const date = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
    const count = 3 + next(8);
    for (let i = 0; i < count; i++) rows.push([id++, 1 + next(200), date, (5 + next(49500) / 100).toFixed(2)]);
  }
  return rows;
}

async function insertRows(client: pg.Client, table: string, columns: string[], rows: unknown[][]) {
  const batch = 500;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const values = chunk.map((_row, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await client.query(
      `insert into ${table} (${columns.join(', ')}) values ${values.join(', ')} on conflict do nothing`,
      chunk.flat(),
    );
  }
}
