import { pipeline, type Readable } from 'node:stream';
import { parse, type InfoField } from 'csv-parse';
import { inBatches, type TLoadColumn, type TLoadRow, type TLoadSource } from './load-rows';
import { TaskFailure } from './task-type';

// CSV as every file source reads it (a URL, an S3 object): streamed, one batch in memory at a time.

export function textColumns(names: string[]): TLoadColumn[] {
  return names.map((name) => ({ name, type: { kind: 'text', maxLength: null, fixed: false } }));
}

/**
 * As PostgreSQL's COPY ... CSV: an unquoted empty field is NULL, a quoted one ("") is the empty
 * string. Without this, an empty cell could never load into a non-text column.
 */
function nullForUnquotedEmpty(value: string, context: InfoField): string | null {
  return value === '' && !context.quoting ? null : value;
}

export async function* csvRecords(input: Readable): AsyncGenerator<TLoadRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, cast: nullForUnquotedEmpty });
  // pipeline (not pipe) so that a broken or aborted download fails the parser, and the load.
  pipeline(input, parser, () => undefined);
  try {
    for await (const record of parser) {
      if (!Array.isArray(record)) throw new TaskFailure('the CSV parser returned a record that is not a list');
      yield record.map((value: unknown) => (value === null || value === undefined ? null : String(value)));
    }
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure(`the CSV is malformed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // A consumer that stops early (a failed load) must not leave the download running.
    input.destroy();
  }
}

function headerNames(record: TLoadRow): string[] {
  return record.map((name, index) => {
    if (name === null || name.trim() === '') throw new TaskFailure(`the CSV header has no name for column ${index + 1}`);
    return name.trim();
  });
}

/** The columns and the remaining records of a CSV: header true → the first record names the columns and is never loaded; false → col1..colN. */
export async function csvColumnsAndRecords(input: Readable, header: boolean): Promise<{ names: string[]; records: AsyncGenerator<TLoadRow> }> {
  const records = csvRecords(input);
  const first = await records.next();
  if (first.done) return { names: [], records };
  const names = header ? headerNames(first.value) : first.value.map((_, index) => `col${index + 1}`);
  async function* all(): AsyncGenerator<TLoadRow> {
    if (!header && !first.done) yield first.value;
    yield* records;
  }
  return { names, records: all() };
}

export async function csvSource(description: string, input: Readable, header: boolean): Promise<TLoadSource> {
  const { names, records } = await csvColumnsAndRecords(input, header);
  return { description, columns: textColumns(names), batches: inBatches(records) };
}
