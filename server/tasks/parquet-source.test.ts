import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePostgresType, postgresColumnType } from '../domain/load/column-types';
import { SOURCE_BATCH_ROWS, type TLoadColumn, type TLoadRow } from './load-rows';
import { parquetSource, type TAsyncBuffer } from './parquet-source';
import { writeParquetFile } from './parquet-writer';

/** Bytes in memory as hyparquet's AsyncBuffer, remembering every range asked for. */
function memoryFile(bytes: ArrayBuffer): TAsyncBuffer & { ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  return {
    byteLength: bytes.byteLength,
    ranges,
    async slice(start, end = bytes.byteLength) {
      ranges.push([start, end]);
      return bytes.slice(start, end);
    },
  };
}

async function allRows(batches: AsyncIterable<TLoadRow[]>): Promise<{ rows: TLoadRow[]; sizes: number[] }> {
  const rows: TLoadRow[] = [];
  const sizes: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { rows, sizes };
}

const postgresTypes = (columns: TLoadColumn[]) => columns.map((column) => [column.name, column.postgresType ?? postgresColumnType(column.type)]);

describe('parquetSource', () => {
  it('reads every type hyparquet-writer writes, with nulls in each, as typed columns and exact text', async () => {
    const big = 2n ** 53n + 1n;
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1, -2, null] },
        { name: 'big', data: [big, -big, null] },
        { name: 'ratio', data: [1.5, -0.1, null] },
        { name: 'price', data: [123456789012n, -5n, null] },
        { name: 'active', data: [true, false, null] },
        { name: 'day', data: [new Date('2024-02-29T00:00:00Z'), new Date('1969-12-31T00:00:00Z'), null] },
        { name: 'seen', data: [new Date('2024-03-01T09:00:00.123Z'), new Date(0), null] },
        { name: 'title', data: ['Ünïcødé ✓ 日本', '', null] },
        { name: 'blob', data: [new Uint8Array([0, 255, 16]), new Uint8Array(), null] },
      ],
      schema: [
        { name: 'root', num_children: 9 },
        { name: 'id', type: 'INT32', repetition_type: 'OPTIONAL' },
        { name: 'big', type: 'INT64', repetition_type: 'OPTIONAL' },
        { name: 'ratio', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
        { name: 'price', type: 'INT64', converted_type: 'DECIMAL', precision: 12, scale: 2, repetition_type: 'OPTIONAL' },
        { name: 'active', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
        { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
        { name: 'seen', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
        { name: 'title', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'blob', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      ],
    });
    const source = await parquetSource(memoryFile(bytes), 'every-type.parquet');
    expect(postgresTypes(source.columns)).toEqual([
      ['id', 'integer'],
      ['big', 'bigint'],
      ['ratio', 'double precision'],
      ['price', 'numeric(12,2)'],
      ['active', 'boolean'],
      ['day', 'date'],
      ['seen', 'timestamp(3) with time zone'],
      ['title', 'text'],
      ['blob', 'bytea'],
    ]);
    expect((await allRows(source.batches)).rows).toEqual([
      ['1', '9007199254740993', '1.5', '1234567890.12', 'true', '2024-02-29', '2024-03-01T09:00:00.123000Z', 'Ünïcødé ✓ 日本', '\\x00ff10'],
      ['-2', '-9007199254740993', '-0.1', '-0.05', 'false', '1969-12-31', '1970-01-01T00:00:00Z', '', '\\x'],
      [null, null, null, null, null, null, null, null, null],
    ]);
  });

  it('streams several row groups in order, none larger than a batch, fetching one group at a time', async () => {
    const count = 13_000;
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'n', data: Array.from({ length: count }, (_, i) => i), type: 'INT32' },
        { name: 'label', data: Array.from({ length: count }, (_, i) => `row ${i} ${'x'.repeat(i % 50)}`), type: 'STRING' },
      ],
      rowGroupSize: [1_000, 7_000],
    });
    const file = memoryFile(bytes);
    const source = await parquetSource(file, 'groups.parquet');
    const iterator = source.batches[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toHaveLength(1_000);
    // After the footer (hyparquet reads the file's last 512 KiB at once), only the first group was fetched.
    const fetched = file.ranges.slice(1).reduce((sum, [start, end]) => sum + (end - start), 0);
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThan(bytes.byteLength / 4);
    const rest = await allRows({ [Symbol.asyncIterator]: () => iterator });
    expect([1_000, ...rest.sizes]).toEqual([1_000, SOURCE_BATCH_ROWS, 2_000, SOURCE_BATCH_ROWS, 0].filter(Boolean));
    const numbers = [...(first.value as TLoadRow[]), ...rest.rows].map((row) => Number(row[0]));
    expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('refuses a file that is not Parquet, naming it', async () => {
    const file = memoryFile(new TextEncoder().encode('id,name\n1,a\n').buffer as ArrayBuffer);
    await expect(parquetSource(file, 'http://example.test/data.csv')).rejects.toThrow(/^http:\/\/example\.test\/data\.csv is not a readable Parquet file: /);
  });
});

describe('parquet-writer', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tributary-parquet-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes rows in bounded row groups that parquetSource reads back identically, types included', async () => {
    const names = ['integer', 'bigint', 'smallint', 'numeric(12,2)', 'numeric(38,10)', 'double precision', 'boolean', 'date',
      'timestamp with time zone', 'timestamp without time zone', 'time without time zone', 'text', 'jsonb', 'bytea', 'uuid'];
    const columns: TLoadColumn[] = names.map((name, index) => ({ name: `c${index}`, type: parsePostgresType(name) }));
    const row = (i: number): TLoadRow => [
      String(i), String(2n ** 62n + BigInt(i)), String(i % 300), `${i}.25`, `-1234567890123456789012345678.${String(i).padStart(10, '0')}`, `${i}.5`,
      i % 2 === 0 ? 'true' : 'false', '2024-02-29', `2024-03-01T09:00:00.${String(i % 1_000_000).padStart(6, '0')}Z`, '2024-03-01T09:00:00',
      '23:59:59.5', `näme ${i}`, `{"i":${i},"tags":["a"]}`, '\\x00ff', '123e4567-e89b-12d3-a456-426614174000',
    ];
    const rows = Array.from({ length: 2_500 }, (_, i) => (i === 7 ? names.map(() => null) : row(i)));
    const file = path.join(folder, 'round-trip.parquet');
    const written = await writeParquetFile(file, columns, [rows.slice(0, 1_000), rows.slice(1_000)], { groupRows: 1_100 });
    expect(written.rows).toBe(2_500);
    const bytes = await readFile(file);
    expect(written.bytes).toBe(bytes.byteLength);
    const source = await parquetSource(memoryFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer), 'round-trip.parquet');
    expect(postgresTypes(source.columns)).toEqual(columns.map((column, index) => [column.name, names[index]]));
    const read = await allRows(source.batches);
    expect(read.sizes).toEqual([1_100, 1_100, 300]);
    expect(read.rows).toEqual(rows.map((values) => values.map((value, index) => (value === null ? null : expectedText(names[index]!, value)))));
  });

  it('names the row and column of a value the column type cannot hold, and writes no file it claims complete', async () => {
    const columns: TLoadColumn[] = [{ name: 'day', type: parsePostgresType('date') }];
    await expect(writeParquetFile(path.join(folder, 'bad.parquet'), columns, [[['2024-01-01'], ['tomorrow']]])).rejects.toThrow(
      "row 2, column 'day': 'tomorrow' is not a date (YYYY-MM-DD)",
    );
  });
});

/** What a value reads back as: the same value in the reader's canonical spelling. */
function expectedText(type: string, value: string): string {
  if (type === 'timestamp with time zone') return value.replace('.000000Z', 'Z');
  if (type === 'time without time zone') return '23:59:59.500000';
  if (type === 'smallint' || type === 'integer') return String(Number(value));
  if (type === 'double precision') return String(Number(value));
  return value;
}
