import zlib from 'node:zlib';
import { parquetMetadataAsync, parquetRead, parquetSchema, type Compressors, type FileMetaData, type ParquetParsers, type SchemaElement } from 'hyparquet';
import { parquetColumnRead, type TParquetReading } from '../domain/load/parquet-types';
import { CopyCellError, parquetCopyBytes, type TCopyColumn } from '../domain/load/parquet-copy';
import { instantText, parquetText } from '../domain/load/parquet-values';
import { SOURCE_BATCH_ROWS, type TCopyBatch, type TLoadColumn, type TLoadRow, type TLoadSource } from './load-rows';
import { TaskFailure } from './task-type';

/** A file read by byte range (hyparquet's AsyncBuffer): an HTTP URL, an S3 object, bytes in memory. */
export type TAsyncBuffer = { byteLength: number; slice(start: number, end?: number): Promise<ArrayBuffer> };

/** Codecs hyparquet lacks, from Node's own zlib; LZO and LZ4 are refused by name before any row is read. */
const COMPRESSORS: Compressors = {
  GZIP: (input) => zlib.gunzipSync(input),
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  ZSTD: (input) => zlib.zstdDecompressSync(input),
};
const READABLE_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', ...Object.keys(COMPRESSORS)]);

/**
 * Nested values (a list of timestamps) are assembled by hyparquet with these; top-level columns
 * are read without their annotations and converted by parquet-values.ts, except INT96, which
 * hyparquet always decodes as nanoseconds.
 */
const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => instantText(BigInt(millis) * 1000n, true),
  timestampFromMicroseconds: (micros) => instantText(BigInt(micros), true),
  timestampFromNanoseconds: (nanos) => instantText(BigInt(nanos) / 1000n - (BigInt(nanos) % 1000n < 0n ? 1n : 0n), true),
};

type TColumn = TLoadColumn & { reading: TParquetReading };
type TChunk = { rowStart: number; rowEnd: number; data: ArrayLike<unknown> };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The top-level columns and a copy of the metadata whose primitive columns carry no annotation. */
function columnsOf(metadata: FileMetaData, description: string): { columns: TColumn[]; metadata: FileMetaData } {
  const problems: string[] = [];
  const columns: TColumn[] = [];
  const bare = new Set<SchemaElement>();
  for (const child of parquetSchema(metadata).children) {
    const read = parquetColumnRead(child.element);
    if (!read.ok) {
      problems.push(read.error);
      continue;
    }
    const { type, postgresType, reading } = read.value;
    columns.push({ name: child.element.name, type, ...(postgresType ? { postgresType } : {}), reading });
    if (reading.kind !== 'nested' && reading.kind !== 'int96') bare.add(child.element);
  }
  if (problems.length > 0) throw new TaskFailure(`${description}: ${problems.join('; ')}`);
  const schema = metadata.schema.map((element) => (bare.has(element) ? { ...element, converted_type: undefined, logical_type: undefined } : element));
  return { columns, metadata: { ...metadata, schema } };
}

function checkCodecs(metadata: FileMetaData, description: string): void {
  const codecs = new Set(metadata.row_groups.flatMap((group) => group.columns.map((column) => column.meta_data?.codec ?? 'UNCOMPRESSED')));
  const unreadable = [...codecs].filter((codec) => !READABLE_CODECS.has(codec));
  if (unreadable.length > 0) {
    throw new TaskFailure(`${description} is compressed with ${unreadable.join(', ')}, which Tributary cannot read (it reads ${[...READABLE_CODECS].join(', ')})`);
  }
}

/** One row group's columns, as hyparquet decodes them: only this group's byte ranges are fetched. */
async function readGroup(file: TAsyncBuffer, metadata: FileMetaData, columns: TColumn[], rowStart: number, rowEnd: number): Promise<TChunk[][]> {
  const chunks = new Map<string, TChunk[]>(columns.map((column) => [column.name, []]));
  await parquetRead({
    file,
    metadata,
    rowStart,
    rowEnd,
    utf8: false,
    geoparquet: false,
    compressors: COMPRESSORS,
    parsers: PARSERS,
    onChunk: ({ columnName, columnData, rowStart: start, rowEnd: end }) => chunks.get(columnName)?.push({ rowStart: start, rowEnd: end, data: columnData }),
  });
  return columns.map((column) => chunks.get(column.name) ?? []);
}

/** Rows [start, end) of one column as load text, from the chunks hyparquet gave for the group. */
function textColumn(column: TColumn, chunks: TChunk[], start: number, end: number): (string | null)[] {
  const texts = new Array<string | null>(end - start);
  let filled = 0;
  for (const chunk of chunks) {
    const from = Math.max(start, chunk.rowStart);
    const to = Math.min(end, chunk.rowEnd);
    for (let row = from; row < to; row++) {
      try {
        texts[row - start] = parquetText(column.reading, chunk.data[row - chunk.rowStart]);
      } catch (error) {
        throw new TaskFailure(`column '${column.name}', row ${row + 1}: ${message(error)}`);
      }
    }
    filled += Math.max(0, to - from);
  }
  if (filled !== end - start) throw new TaskFailure(`column '${column.name}' has ${filled} values for rows ${start + 1}-${end}, expected ${end - start}`);
  return texts;
}

function sliceRows(columns: TColumn[], groupChunks: TChunk[][], start: number, end: number): TLoadRow[] {
  const texts = columns.map((column, index) => textColumn(column, groupChunks[index] ?? [], start, end));
  const rows: TLoadRow[] = new Array(end - start);
  for (let row = 0; row < rows.length; row++) rows[row] = texts.map((column) => column[row] ?? null);
  return rows;
}

/** One column's values for the whole group, as one array (hyparquet gives a group's column in one chunk or several). */
function groupValues(column: TColumn, chunks: TChunk[], groupStart: number, groupEnd: number): ArrayLike<unknown> {
  const rows = groupEnd - groupStart;
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only && only.rowStart === groupStart && only.rowEnd === groupEnd && only.data.length === rows) return only.data;
  const values = new Array<unknown>(rows);
  let filled = 0;
  for (const chunk of chunks) {
    const from = Math.max(groupStart, chunk.rowStart);
    const to = Math.min(groupEnd, chunk.rowEnd);
    for (let row = from; row < to; row++) values[row - groupStart] = chunk.data[row - chunk.rowStart];
    filled += Math.max(0, to - from);
  }
  if (filled !== rows) throw new TaskFailure(`column '${column.name}' has ${filled} values for rows ${groupStart + 1}-${groupEnd}, expected ${rows}`);
  return values;
}

/** Rows [start, end) of the group straight into COPY text, from the column arrays (no row arrays, no text per number). */
function copySlice(columns: TColumn[], groupColumns: TCopyColumn[], groupStart: number, start: number, end: number): TCopyBatch {
  try {
    return { rowCount: end - start, bytes: parquetCopyBytes(groupColumns, start - groupStart, end - groupStart) };
  } catch (error) {
    if (!(error instanceof CopyCellError)) throw error;
    throw new TaskFailure(`column '${columns[error.column]?.name}', row ${groupStart + error.row + 1}: ${error.message}`);
  }
}

/**
 * A Parquet file as a load source: its columns typed from the schema, its rows streamed row
 * group by row group, in slices of at most SOURCE_BATCH_ROWS, as text rows (batches) or as COPY
 * text (copyBatches). Only one group's column chunks are in memory (and fetched) at a time; the
 * rest of the file is never read ahead.
 */
export async function parquetSource(
  file: TAsyncBuffer,
  description: string,
  signal?: AbortSignal,
): Promise<TLoadSource & Required<Pick<TLoadSource, 'copyBatches'>>> {
  let fileMetadata: FileMetaData;
  try {
    fileMetadata = await parquetMetadataAsync(file);
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure(`${description} is not a readable Parquet file: ${message(error)}`);
  }
  checkCodecs(fileMetadata, description);
  const { columns, metadata } = columnsOf(fileMetadata, description);
  /** Each row group in turn, read and decoded; the caller slices it. */
  async function* groups(): AsyncGenerator<{ groupStart: number; groupEnd: number; chunks: TChunk[][] }> {
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      signal?.throwIfAborted();
      let chunks: TChunk[][];
      try {
        chunks = await readGroup(file, metadata, columns, groupStart, groupEnd);
      } catch (error) {
        signal?.throwIfAborted();
        if (error instanceof TaskFailure) throw error;
        throw new TaskFailure(`${description}: reading rows ${groupStart + 1}-${groupEnd} failed: ${message(error)}`);
      }
      yield { groupStart, groupEnd, chunks };
      groupStart = groupEnd;
    }
  }
  async function* batches(): AsyncGenerator<TLoadRow[]> {
    for await (const { groupStart, groupEnd, chunks } of groups()) {
      for (let start = groupStart; start < groupEnd; start += SOURCE_BATCH_ROWS) {
        signal?.throwIfAborted();
        yield sliceRows(columns, chunks, start, Math.min(groupEnd, start + SOURCE_BATCH_ROWS));
      }
    }
  }
  async function* copyBatches(): AsyncGenerator<TCopyBatch> {
    for await (const { groupStart, groupEnd, chunks } of groups()) {
      const groupColumns = columns.map((column, index) => ({ reading: column.reading, values: groupValues(column, chunks[index] ?? [], groupStart, groupEnd) }));
      for (let start = groupStart; start < groupEnd; start += SOURCE_BATCH_ROWS) {
        signal?.throwIfAborted();
        yield copySlice(columns, groupColumns, groupStart, start, Math.min(groupEnd, start + SOURCE_BATCH_ROWS));
      }
    }
  }
  return {
    description,
    columns: columns.map(({ name, type, postgresType }) => ({ name, type, ...(postgresType ? { postgresType } : {}) })),
    batches: batches(),
    copyBatches,
  };
}
