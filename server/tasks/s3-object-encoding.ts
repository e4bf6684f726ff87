import { jsonRowText } from '../domain/load/json-cell';
import type { TLoadColumn, TLoadRow } from './load-rows';

// Rows as the text of an object: CSV that the CSV source reads back to the same rows, or JSON lines.

const NEEDS_QUOTES = /[",\r\n]/;

/** NULL is an empty unquoted field and the empty string `""`: the CSV source's (and COPY's) reading. */
function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '' || NEEDS_QUOTES.test(value) || value.trim() !== value) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

export function csvLine(values: (string | null)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** A row as one JSON line, each cell typed as jsonCell (domain/load/json-cell.ts) types it. */
export function jsonLine(columns: TLoadColumn[], row: TLoadRow): string {
  return `${jsonRowText(columns, row)}\n`;
}
