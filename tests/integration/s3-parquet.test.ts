import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { connectionFromUrl, taskContext } from '../support/task-context';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** Parquet through the lake: a table written as Parquet objects (parquet-writer) and read back by byte ranges with its types. */
describe('Parquet objects on S3', () => {
  let s3: TS3Server;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connections: TResolvedConnection[];

  const load = async (config: Record<string, unknown>) => {
    const ctx = taskContext('load', config, { connections });
    return { ctx, output: (await loadTask.run(ctx)).output };
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('lake');
    warehouse = await createWarehouseDatabase('s3parquet');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connections = [connectionFromUrl('wh', warehouse.url), s3.connection('lake')];
    await client.query(`create table enrolments (id bigint, course text, paid numeric(8,2), active boolean, enrolled timestamp with time zone, day date)`);
    await client.query(`insert into enrolments select g, 'c' || (g % 7), (g % 100) / 4.0, g % 2 = 0, timestamptz '2024-03-01 00:00:00+00' + g * interval '1 second', date '2024-03-01'
      from generate_series(1, 30000) g`);
    await client.query(`insert into enrolments values (0, null, null, null, null, null)`);
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await warehouse?.drop();
    await s3?.stop();
  });

  it('writes a table as two Parquet objects and loads both back with the same types and rows', async () => {
    for (const [part, where] of [['a', 'id < 15000'], ['b', 'id >= 15000']] as const) {
      const { output } = await load({
        source: { conn_id: 'wh', sql: `select * from enrolments where ${where} order by id` },
        target: { conn_id: 'lake', bucket: 'lake', key: `enrolments/2024-03-01/${part}.parquet`, format: 'parquet' },
      });
      expect(output).toMatchObject({ table: `s3://lake/enrolments/2024-03-01/${part}.parquet` });
    }
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'enrolments/' }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toEqual(['enrolments/2024-03-01/a.parquet', 'enrolments/2024-03-01/b.parquet']);
    const { output, ctx } = await load({ source: { conn_id: 'lake', key: 's3://lake/enrolments/2024-03-01/*.parquet', format: 'parquet' }, target: { conn_id: 'wh', table: 'copied' } });
    expect(output).toMatchObject({ rows_read: 30_001, rows_written: 30_001 });
    expect(ctx.log.text()).toContain('Reading s3://lake/enrolments/2024-03-01/b.parquet');
    const types = await client.query(`select column_name, data_type from information_schema.columns where table_name = 'copied' order by ordinal_position`);
    expect(types.rows.map((row) => `${row.column_name} ${row.data_type}`)).toEqual([
      'id bigint', 'course text', 'paid numeric', 'active boolean', 'enrolled timestamp with time zone', 'day date',
    ]);
    const same = await client.query(`select count(*)::int as n from (select * from enrolments except select * from copied) d`);
    expect(same.rows).toEqual([{ n: 0 }]);
  });
});
