import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { inferSqlLineage } from './sql-lineage';
import { formatTableName } from './table-name';

// The real PostgreSQL parser: the walker reads its trees, so only real trees can test it.
beforeAll(async () => {
  await loadModule();
});

type TExpected = { reads?: string[]; writes?: string[]; dropped?: string[]; altered?: string[]; skipped?: string[] };

function lineageOf(sql: string | string[], defaultSchema = 'public'): Required<TExpected> {
  const texts = typeof sql === 'string' ? [sql] : sql;
  const lineage = inferSqlLineage(texts.map((text) => parseSync(text)), { defaultSchema });
  return {
    reads: lineage.reads.map(formatTableName),
    writes: lineage.writes.map(formatTableName),
    dropped: lineage.dropped.map(formatTableName),
    altered: lineage.altered.map(formatTableName),
    skipped: lineage.skipped,
  };
}

const expected = (parts: TExpected): Required<TExpected> => ({ reads: [], writes: [], dropped: [], altered: [], skipped: [], ...parts });

// The ELT SQL of examples/course_stats.yaml and examples/daily_orders.yaml, as the course writes it.
const COURSE_STATS = `select c.course_id,
       c.title,
       c.num_students as student_count,
       count(r.review_id) as review_count,
       round(avg(r.rating), 2) as avg_rating
from course c
left join course_review r on r.course_id = c.course_id
group by c.course_id, c.title, c.num_students
order by c.course_id`;
const DAILY_ORDERS = `select order_id, customer_id, order_date, amount
from orders
where order_date = '2024-01-01'`;

describe('inferSqlLineage: reads', () => {
  it.each<[string, string, TExpected]>([
    ['the course_stats example', COURSE_STATS, { reads: ['public.course', 'public.course_review'] }],
    ['the daily_orders example', DAILY_ORDERS, { reads: ['public.orders'] }],
    [
      'joins of every kind',
      'select * from orders o join customers c on c.id = o.customer_id left join analytics.regions r using (region_id) cross join calendar',
      { reads: ['analytics.regions', 'public.calendar', 'public.customers', 'public.orders'] },
    ],
    [
      'subqueries in FROM, WHERE, IN, EXISTS and the select list',
      'select (select max(x) from s1), * from (select * from s2) d where id in (select id from s3) and exists (select 1 from s4 where s4.id = d.id)',
      { reads: ['public.s1', 'public.s2', 'public.s3', 'public.s4'] },
    ],
    ['UNION, INTERSECT and EXCEPT', 'select id from a union all select id from b intersect select id from c except select id from d', { reads: ['public.a', 'public.b', 'public.c', 'public.d'] }],
    ['LATERAL', 'select * from customers c, lateral (select * from orders o where o.customer_id = c.id limit 3) recent', { reads: ['public.customers', 'public.orders'] }],
    ['a TABLESAMPLE', 'select * from events tablesample system (10)', { reads: ['public.events'] }],
    ['each table once, sorted', 'select * from b, a join b b2 on true, a a2', { reads: ['public.a', 'public.b'] }],
    ['FOR UPDATE OF names an alias, not a table', 'select * from orders o for update of o', { reads: ['public.orders'] }],
    ['VALUES and functions read nothing', "select * from (values (1), (2)) v(x), generate_series(1, 3), now()", {}],
    ['system catalogs are not datasets', 'select * from pg_tables, pg_catalog.pg_class, information_schema.columns', {}],
  ])('%s', (_name, sql, parts) => {
    expect(lineageOf(sql)).toEqual(expected(parts));
  });
});

describe('inferSqlLineage: CTEs', () => {
  it.each<[string, string, TExpected]>([
    ["a CTE's name is not a table", 'with recent as (select * from orders) select * from recent', { reads: ['public.orders'] }],
    ['a CTE shadowing a table reads the table inside, the CTE outside', 'with orders as (select * from orders where amount > 0) select * from orders', { reads: ['public.orders'] }],
    ['a qualified name is the table even where a CTE has its name', 'with orders as (select 1) select * from orders, public.orders', { reads: ['public.orders'] }],
    ['a later CTE sees an earlier one', 'with a as (select * from t1), b as (select * from a join t2 on true) select * from b', { reads: ['public.t1', 'public.t2'] }],
    ['without RECURSIVE a CTE does not see a later one', 'with a as (select * from b), b as (select 1) select * from a', { reads: ['public.b'] }],
    ['a recursive CTE reads only its base tables', 'with recursive tree as (select * from nodes where parent is null union all select n.* from nodes n join tree on n.parent = tree.id) select * from tree', { reads: ['public.nodes'] }],
    ['a WITH inside a set operation arm is scoped to that arm', 'select * from a union (with x as (select * from b) select * from x) except select * from x', { reads: ['public.a', 'public.b', 'public.x'] }],
    ['a WITH in a subquery is scoped to the subquery', 'select * from (with s as (select * from t) select * from s) q join s on true', { reads: ['public.s', 'public.t'] }],
    ['a data-modifying CTE writes its target', 'with moved as (delete from orders where archived returning *) insert into orders_archive select * from moved', { writes: ['public.orders', 'public.orders_archive'] }],
    ['an UPDATE in a CTE', 'with bumped as (update prices set amount = amount * 1.1 returning id) select count(*) from bumped', { writes: ['public.prices'] }],
  ])('%s', (_name, sql, parts) => {
    expect(lineageOf(sql)).toEqual(expected(parts));
  });
});

describe('inferSqlLineage: writes', () => {
  it.each<[string, string, TExpected]>([
    ['CREATE TABLE AS', `create table course_stats as ${COURSE_STATS}`, { reads: ['public.course', 'public.course_review'], writes: ['public.course_stats'] }],
    ['SELECT INTO', 'select * into orders_copy from orders', { reads: ['public.orders'], writes: ['public.orders_copy'] }],
    ['CREATE VIEW', 'create or replace view active as select * from users where active', { reads: ['public.users'], writes: ['public.active'] }],
    ['CREATE MATERIALIZED VIEW', 'create materialized view mart.daily as select * from orders', { reads: ['public.orders'], writes: ['mart.daily'] }],
    ['CREATE TABLE', 'create table if not exists staging.events (id int, like public.template)', { writes: ['staging.events'] }],
    ['INSERT … SELECT', 'insert into orders_daily select * from orders where order_date = current_date', { reads: ['public.orders'], writes: ['public.orders_daily'] }],
    ['INSERT … VALUES', "insert into audit (event) values ('x')", { writes: ['public.audit'] }],
    [
      'INSERT … ON CONFLICT reads the tables of its subqueries',
      'insert into totals (k, v) select k, sum(v) from facts group by k on conflict (k) do update set v = excluded.v + (select bonus from bonuses where bonuses.k = excluded.k)',
      { reads: ['public.bonuses', 'public.facts'], writes: ['public.totals'] },
    ],
    ['UPDATE … FROM', 'update orders o set status = s.status from order_status s where s.id = o.id', { reads: ['public.order_status'], writes: ['public.orders'] }],
    ['DELETE … USING', 'delete from orders o using blocked b where b.customer_id = o.customer_id', { reads: ['public.blocked'], writes: ['public.orders'] }],
    [
      'MERGE INTO … USING a subquery',
      'merge into dim_customer d using (select c.* from customers c join regions r on r.id = c.region_id) src on d.id = src.id when matched then update set name = src.name when not matched then insert (id, name) values (src.id, src.name)',
      { reads: ['public.customers', 'public.regions'], writes: ['public.dim_customer'] },
    ],
    ['MERGE INTO … USING a table', 'merge into t using s on t.id = s.id when matched then delete', { reads: ['public.s'], writes: ['public.t'] }],
    ['TRUNCATE', 'truncate table a, staging.b restart identity', { writes: ['public.a', 'staging.b'] }],
    ['COPY … FROM writes', "copy raw.events from '/data/events.csv' with (format csv)", { writes: ['raw.events'] }],
    ['COPY … TO reads', 'copy orders to stdout', { reads: ['public.orders'] }],
    ['COPY (query) TO reads', 'copy (select * from orders join customers using (customer_id)) to stdout', { reads: ['public.customers', 'public.orders'] }],
    ['REFRESH MATERIALIZED VIEW', 'refresh materialized view concurrently mart.daily', { writes: ['mart.daily'] }],
  ])('%s', (_name, sql, parts) => {
    expect(lineageOf(sql)).toEqual(expected(parts));
  });
});

describe('inferSqlLineage: DDL', () => {
  it.each<[string, string, TExpected]>([
    ['DROP TABLE', 'drop table if exists old_orders, archive.old cascade', { dropped: ['archive.old', 'public.old_orders'] }],
    ['DROP VIEW and MATERIALIZED VIEW', 'drop view v; drop materialized view mv', { dropped: ['public.mv', 'public.v'] }],
    ['DROP INDEX changes no dataset', 'drop index orders_idx', {}],
    ['ALTER TABLE', 'alter table orders add column note text', { altered: ['public.orders'] }],
    ['renaming a column alters the table', 'alter table orders rename column note to comment', { altered: ['public.orders'] }],
    ['renaming a table drops the old name and writes the new one', 'alter table orders rename to orders_v1', { writes: ['public.orders_v1'], dropped: ['public.orders'] }],
    ['CREATE INDEX and VACUUM touch no rows', 'create index on orders (id); vacuum analyze orders', {}],
  ])('%s', (_name, sql, parts) => {
    expect(lineageOf(sql)).toEqual(expected(parts));
  });
});

describe('inferSqlLineage: names', () => {
  it.each<[string, string, TExpected]>([
    ['quoted mixed-case names keep their case, bare ones fold', 'select * from "Sales"."Orders" join Sales.Customers on true', { reads: ['Sales.Orders', 'sales.customers'] }],
    ['a quoted name with a dot is quoted back', 'select * from "odd.schema"."my table"', { reads: ['"odd.schema"."my table"'] }],
    ['a database-qualified name is kept', 'select * from warehouse.public.orders', { reads: ['warehouse.public.orders'] }],
  ])('%s', (_name, sql, parts) => {
    expect(lineageOf(sql)).toEqual(expected(parts));
  });

  it('resolves unqualified names against the default schema given', () => {
    expect(lineageOf('insert into t select * from public.s join u on true', 'analytics')).toEqual(
      expected({ reads: ['analytics.u', 'public.s'], writes: ['analytics.t'] }),
    );
  });

  it('follows SET search_path to one schema, and RESET', () => {
    expect(lineageOf('set search_path = mart; create table t as select * from public.s; select * from u; reset search_path; select * from w')).toEqual(
      expected({ reads: ['mart.u', 'public.s', 'public.w'], writes: ['mart.t'] }),
    );
  });

  it('reports a search_path of several schemas, which the SQL alone cannot resolve', () => {
    expect(lineageOf('set search_path = mart, public; select * from public.s')).toEqual(expected({ reads: ['public.s'], skipped: ['VariableSetStmt'] }));
  });
});

describe('inferSqlLineage: temporary and scratch tables', () => {
  it.each<[string, string | string[], TExpected]>([
    ['a temporary table is not a dataset', 'create temp table st as select * from src; insert into st select * from src2; insert into tgt select * from st', { reads: ['public.src', 'public.src2'], writes: ['public.tgt'] }],
    ['SELECT INTO TEMP', 'select * into temp st from src; insert into tgt select * from st', { reads: ['public.src'], writes: ['public.tgt'] }],
    ['a qualified name is not the temporary table of the same bare name', 'create temp table orders (id int); insert into public.orders select * from orders', { writes: ['public.orders'] }],
    ['after its DROP the bare name is the real table again', 'create temp table t (id int); drop table t; insert into t values (1)', { writes: ['public.t'] }],
    ['a table created and dropped in the same SQL is a scratch table', 'create table scratch as select * from src; insert into tgt select * from scratch; drop table scratch', { reads: ['public.src'], writes: ['public.tgt'] }],
    ['a scratch table spans the statements of a list', ['create table scratch as select * from src', 'insert into tgt select * from scratch', 'drop table scratch'], { reads: ['public.src'], writes: ['public.tgt'] }],
    ['drop and re-create (a full refresh) writes the table, not drops it', 'drop table if exists daily; create table daily as select * from orders', { reads: ['public.orders'], writes: ['public.daily'] }],
    [
      'the swap pattern writes the final name only',
      'create table stats_new as select * from src; drop table if exists stats; alter table stats_new rename to stats',
      { reads: ['public.src'], writes: ['public.stats'] },
    ],
    ['a table read, then dropped, stays read and dropped', 'insert into archive select * from old; drop table old', { reads: ['public.old'], writes: ['public.archive'], dropped: ['public.old'] }],
  ])('%s', (_name, sql, parts) => {
    expect(lineageOf(sql)).toEqual(expected(parts));
  });
});

describe('inferSqlLineage: statements it does not understand', () => {
  it('reports their kinds, once each, and keeps what it understood', () => {
    expect(
      lineageOf("insert into t select * from s; do $$ begin perform 1; end $$; call refresh_all(); do $$ begin end $$; explain select * from x; create function f() returns int language sql as 'select 1'"),
    ).toEqual(expected({ reads: ['public.s'], writes: ['public.t'], skipped: ['CallStmt', 'CreateFunctionStmt', 'DoStmt', 'ExplainStmt'] }));
  });

  it('reports DROP SCHEMA, which drops tables it does not name', () => {
    expect(lineageOf('drop schema staging cascade')).toEqual(expected({ skipped: ['DropStmt'] }));
  });

  it('knows transactions and settings touch no table', () => {
    expect(lineageOf("begin; set local statement_timeout = '5min'; lock table t; commit")).toEqual(expected({}));
  });

  it('reads nothing from comments only', () => {
    expect(lineageOf('-- nothing to do')).toEqual(expected({}));
  });
});
