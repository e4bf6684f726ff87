import { open, type FileHandle } from 'node:fs/promises';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { parquetColumnWrite, type TParquetColumnWrite } from '../domain/load/parquet-types';
import { parquetValue } from '../domain/load/parquet-values';
import type { TLoadColumn, TLoadRow } from './load-rows';
import { TaskFailure } from './task-type';

/**
 * A row group holds at most this many rows, or about this many bytes of source text: whichever
 * comes first. hyparquet-writer encodes a whole group at once, so one group's values (and their
 * encoded pages) are what this writer keeps in memory; everything before it is on disk.
 */
export const PARQUET_GROUP_ROWS = 100_000;
export const PARQUET_GROUP_BYTES = 32 * 1024 * 1024;

export type TParquetWriteOptions = { groupRows?: number; groupBytes?: number };

/** Rows written to a Parquet file on local disk, one batch at a time; nothing is valid until `close`. */
export type TParquetFileWriter = {
  write(rows: TLoadRow[]): Promise<void>;
  /** Writes the last group and the footer; returns how many rows and bytes the file holds. */
  close(): Promise<{ rows: number; bytes: number }>;
  /** Closes the file without a footer (the caller removes it). */
  abort(): Promise<void>;
};

/**
 * hyparquet-writer's ByteWriter whose bytes go to a file: it calls `flush` after each row group,
 * and `finish` after the footer, so the buffer never holds more than one group.
 */
class FileByteWriter extends ByteWriter {
  constructor(private readonly handle: FileHandle) {
    super(1024 * 1024);
  }

  async flush(): Promise<void> {
    const bytes = new Uint8Array(this.buffer, 0, this.index);
    this.index = 0;
    // A copy: the next group is encoded into the same buffer while this one is being written.
    await this.handle.write(bytes.slice());
  }

  finish(): Promise<void> {
    return this.flush();
  }
}

type TGroup = { values: unknown[][]; rows: number; bytes: number };

function emptyGroup(width: number): TGroup {
  return { values: Array.from({ length: width }, () => []), rows: 0, bytes: 0 };
}

function appendRow(group: TGroup, layout: TParquetColumnWrite[], row: TLoadRow, rowNumber: number): void {
  if (row.length !== layout.length) throw new TaskFailure(`row ${rowNumber} has ${row.length} values, expected ${layout.length}`);
  for (let index = 0; index < layout.length; index++) {
    const column = layout[index]!;
    const text = row[index] ?? null;
    try {
      group.values[index]!.push(parquetValue(column.writing, text));
    } catch (error) {
      throw new TaskFailure(`row ${rowNumber}, column '${column.element.name}': ${error instanceof Error ? error.message : String(error)}`);
    }
    group.bytes += text === null ? 1 : text.length;
  }
  group.rows++;
}

/** Opens `path` (created or truncated) for a Parquet file of `columns`, typed as parquet-types.ts maps them. */
export async function openParquetFile(path: string, columns: TLoadColumn[], options: TParquetWriteOptions = {}): Promise<TParquetFileWriter> {
  if (columns.length === 0) throw new TaskFailure('a Parquet file needs at least one column, and the source has none');
  const groupRows = options.groupRows ?? PARQUET_GROUP_ROWS;
  const groupBytes = options.groupBytes ?? PARQUET_GROUP_BYTES;
  const layout = columns.map((column) => parquetColumnWrite(column.name, column.type));
  const handle = await open(path, 'w');
  const sink = new FileByteWriter(handle);
  const writer = new ParquetWriter({ writer: sink, schema: [{ name: 'root', num_children: layout.length }, ...layout.map((column) => column.element)], createdBy: 'Tributary' });
  let group = emptyGroup(layout.length);
  let total = 0;
  const flushGroup = async () => {
    if (group.rows === 0) return;
    const columnData = layout.map((column, index) => ({ name: column.element.name, data: group.values[index]! }));
    const rows = group.rows;
    group = emptyGroup(layout.length);
    await writer.write({ columnData, rowGroupSize: rows });
  };
  return {
    async write(rows) {
      for (const row of rows) {
        appendRow(group, layout, row, total + 1);
        total++;
        if (group.rows >= groupRows || group.bytes >= groupBytes) await flushGroup();
      }
    },
    async close() {
      try {
        await flushGroup();
        await writer.finish();
        return { rows: total, bytes: sink.offset };
      } finally {
        await handle.close();
      }
    },
    abort: () => handle.close(),
  };
}

/** Writes every batch of rows to a Parquet file at `path`; on a failure the file is left incomplete for the caller to remove. */
export async function writeParquetFile(
  path: string,
  columns: TLoadColumn[],
  batches: AsyncIterable<TLoadRow[]> | Iterable<TLoadRow[]>,
  options: TParquetWriteOptions = {},
): Promise<{ rows: number; bytes: number }> {
  const file = await openParquetFile(path, columns, options);
  try {
    for await (const rows of batches) await file.write(rows);
  } catch (error) {
    await file.abort();
    throw error;
  }
  return file.close();
}
