import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { SOURCE_BATCH_ROWS, type TLoadRow } from './load-rows';
import { TaskFailure } from './task-type';

// JSON lines (one object per line) as a file source reads them: streamed, never whole.

type TJsonLine = { line: number; item: Record<string, unknown> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** As the URL source's JSON: text as is, nested values as JSON text, null and absent as NULL. */
function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

async function* jsonLines(input: Readable, where: string): AsyncGenerator<TJsonLine> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      if (text.trim() === '') continue;
      let item: unknown;
      try {
        item = JSON.parse(text);
      } catch (error) {
        throw new TaskFailure(`${where} line ${number} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!isRecord(item)) throw new TaskFailure(`${where} line ${number} is not a JSON object`);
      yield { line: number, item };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * The rows of a JSON-lines object whose columns are known already (a later file, or the first
 * file's lines after its first batch): an absent field is NULL, an unknown one fails the load,
 * naming the object, the line and the field, since it would otherwise be dropped silently.
 */
async function* knownRows(lines: AsyncIterable<TJsonLine>, columns: string[], where: string): AsyncGenerator<TLoadRow> {
  const known = new Set(columns);
  for await (const { line, item } of lines) {
    for (const field of Object.keys(item)) {
      if (!known.has(field)) {
        throw new TaskFailure(`${where} line ${line} has the field '${field}', which the first lines did not have (columns: ${columns.join(', ')})`);
      }
    }
    yield columns.map((name) => jsonText(item[name]));
  }
}

/** The first file: its columns are the fields of its first batch of lines, in the order they appear. */
export async function jsonLinesWithColumns(input: Readable, where: string): Promise<{ names: string[]; records: AsyncGenerator<TLoadRow> }> {
  const lines = jsonLines(input, where);
  const first: TJsonLine[] = [];
  const names = new Set<string>();
  // next() by hand: a for-await that breaks would close the stream the rest is read from.
  while (first.length < SOURCE_BATCH_ROWS) {
    const next = await lines.next();
    if (next.done) break;
    first.push(next.value);
    for (const field of Object.keys(next.value.item)) names.add(field);
  }
  const columns = [...names];
  async function* all(): AsyncGenerator<TJsonLine> {
    yield* first;
    yield* lines;
  }
  return { names: columns, records: knownRows(all(), columns, where) };
}

/** A later file, read against the columns the first one gave. */
export function jsonLinesRows(input: Readable, where: string, columns: string[]): AsyncGenerator<TLoadRow> {
  return knownRows(jsonLines(input, where), columns, where);
}
