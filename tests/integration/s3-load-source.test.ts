import { PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { databaseEndpoint } from '../support/engine';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { connectionFromUrl, taskContext, testEgressPolicy } from '../support/task-context';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** The course's raw-data ETL from the data lake: objects of an S3-compatible store (s3rver) loaded into PostgreSQL. */
describe('load from S3 objects into PostgreSQL', () => {
  let s3: TS3Server;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connections: TResolvedConnection[];

  const put = (key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: body }));
  const load = async (config: Record<string, unknown>, options: { logicalDate?: Date; egress?: string } = {}) => {
    const ctx = taskContext('load', config, {
      connections,
      logicalDate: options.logicalDate,
      ...(options.egress === undefined ? {} : { egress: testEgressPolicy(options.egress) }),
    });
    try {
      return { ctx, output: (await loadTask.run(ctx)).output };
    } finally {
      expect(ctx.log.text()).not.toContain(s3.secretAccessKey);
    }
  };
  const rows = async (sql: string) => (await client.query(sql)).rows;
  const checksum = async (table: string) => (await rows(`select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*)::int as n from ${table} t`))[0];

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('lake');
    warehouse = await createWarehouseDatabase('s3source');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connections = [connectionFromUrl('wh', warehouse.url), s3.connection('lake')];
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await warehouse?.drop();
    await s3?.stop();
  });
  beforeEach(async () => {
    await client.query('drop table if exists events, signups');
  });

  it('loads every CSV a glob matches, in key order, and no other object', async () => {
    await put('signups/2024-03-01/part-2.csv', 'id,name\n3,"Carol, C."\n4,\n');
    await put('signups/2024-03-01/part-1.csv', 'id,name\n1,Ann\n2,""\n');
    await put('signups/2024-03-01/part-3.csv', 'id,name\n5,Eve\n');
    await put('signups/2024-03-01/notes.txt', 'not a csv');
    await put('signups/2024-03-01/old/part-9.csv', 'id,name\n9,Old\n');
    await put('signups/2024-03-02/part-1.csv', 'id,name\n10,Next day\n');
    const { output, ctx } = await load({
      source: { conn_id: 'lake', bucket: 'lake', key: 'signups/2024-03-01/part-*.csv', format: 'csv' },
      target: { conn_id: 'wh', table: 'signups' },
    });
    expect(output).toMatchObject({ rows_read: 5, rows_written: 5 });
    expect(await rows('select id, name from signups')).toEqual([
      { id: '1', name: 'Ann' }, { id: '2', name: '' }, { id: '3', name: 'Carol, C.' }, { id: '4', name: null }, { id: '5', name: 'Eve' },
    ]);
    expect(ctx.log.text()).toContain('Reading 3 objects of s3://lake matching signups/2024-03-01/part-*.csv as CSV');
  });

  it('names the file whose columns differ from the first, and a pattern that matches nothing, leaving the table as it was', async () => {
    await put('mixed/a.csv', 'id,name\n1,Ann\n');
    await put('mixed/b.csv', 'id,email\n2,b@example.com\n');
    await client.query(`create table signups (id text, name text); insert into signups values ('0', 'kept')`);
    const config = { source: { conn_id: 'lake', key: 's3://lake/mixed/*.csv', format: 'csv' }, target: { conn_id: 'wh', table: 'signups' } };
    await expect(load(config)).rejects.toThrow(
      's3://lake/mixed/b.csv has the columns (id, email), but s3://lake/mixed/a.csv has (id, name): every file of a load must have the same columns',
    );
    const none = { ...config, source: { conn_id: 'lake', bucket: 'lake', key: 'missing/2024-03-01/*.csv', format: 'csv' } };
    await expect(load(none)).rejects.toThrow("no object of bucket 'lake' matches 'missing/2024-03-01/*.csv' (connection 'lake')");
    expect(await rows('select * from signups')).toEqual([{ id: '0', name: 'kept' }]);
  });

  describe('JSON lines by logical date', () => {
    const eventsOf = (day: string, from: number, count: number) =>
      Array.from({ length: count }, (_, i) => JSON.stringify({ day, id: from + i, kind: i % 2 === 0 ? 'view' : 'click', meta: i === 0 ? { a: [1] } : null })).join('\n');
    // The engine renders {{ ds }}; these tests run the task type with the key as rendered.
    const forDay = (day: string, prefix = 'events') => ({ ...config, source: { ...config.source, key: `${prefix}/${day}/*.jsonl` } });
    const config = {
      source: { conn_id: 'lake', bucket: 'lake', key: 'events/2024-03-01/*.jsonl', format: 'jsonl' },
      target: { conn_id: 'wh', table: 'events' },
      mode: 'incremental',
      partition_column: 'day',
    };

    beforeAll(async () => {
      // 12,000 lines in the first file: the columns come from its first batch, the rest stream after it.
      await put('events/2024-03-01/a.jsonl', `${eventsOf('2024-03-01', 1, 12_000)}\n`);
      await put('events/2024-03-01/b.jsonl', `\n${eventsOf('2024-03-01', 20_001, 3)}\n`);
      await put('events/2024-03-02/a.jsonl', eventsOf('2024-03-02', 1, 4));
    });

    it('a backfill of two dates and a re-run of the first leave identical tables', async () => {
      await client.query('create table events (day date, id integer, kind text, meta jsonb)');
      const first = await load(forDay('2024-03-01'), { logicalDate: new Date('2024-03-01T00:00:00Z') });
      expect(first.output).toMatchObject({ rows_read: 12_003, rows_deleted: 0, rows_written: 12_003 });
      await load(forDay('2024-03-02'), { logicalDate: new Date('2024-03-02T00:00:00Z') });
      const backfilled = await checksum('events');
      expect(backfilled.n).toBe(12_007);
      const rerun = await load(forDay('2024-03-01'), { logicalDate: new Date('2024-03-01T00:00:00Z') });
      expect(rerun.output).toMatchObject({ rows_deleted: 12_003, rows_written: 12_003 });
      expect(await checksum('events')).toEqual(backfilled);
      expect(await rows(`select meta from events where day = '2024-03-02' and id = 1`)).toEqual([{ meta: { a: [1] } }]);
    });

    it('fails on a field the first batch did not have, and on a line that is not JSON, naming object, line and field', async () => {
      await put('late/2024-03-01/a.jsonl', `${eventsOf('2024-03-01', 1, 6_000)}\n{"day": "2024-03-01", "id": 0, "surprise": 1}\n`);
      await put('broken/2024-03-01/a.jsonl', '{"day": "2024-03-01", "id": 1}\n{"day": \n');
      await client.query(`create table events (day date, id integer, kind text, meta jsonb); insert into events values ('2024-03-01', -1, 'kept', null)`);
      const late = forDay('2024-03-01', 'late');
      await expect(load(late)).rejects.toThrow(
        "s3://lake/late/2024-03-01/a.jsonl line 6001 has the field 'surprise', which the first lines did not have (columns: day, id, kind, meta)",
      );
      const broken = forDay('2024-03-01', 'broken');
      await expect(load(broken)).rejects.toThrow(/^s3:\/\/lake\/broken\/2024-03-01\/a\.jsonl line 2 is not JSON: /);
      expect(await rows('select id, kind from events')).toEqual([{ id: -1, kind: 'kept' }]);
    });
  });

  it('reaches the store only where the egress rules allow, naming the rule', async () => {
    await expect(load({ source: { conn_id: 'lake', key: 's3://lake/signups/*/*.csv', format: 'csv' }, target: { conn_id: 'wh', table: 'signups' } }, { egress: databaseEndpoint(warehouse.url) }))
      .rejects.toThrow(`connection 'lake': Refused to connect to 127.0.0.1:${s3.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${s3.port} (or a CIDR).`);
  });
});
