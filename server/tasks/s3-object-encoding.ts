import type { TColumnType } from '../domain/load/column-types';
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

/** A value as JSON: numbers and booleans as such where JSON keeps them exact, json as itself, the rest as text. */
function jsonValue(type: TColumnType, text: string | null): unknown {
  if (text === null) return null;
  switch (type.kind) {
    case 'boolean':
      return text === 't' || text === 'true' || text === '1';
    case 'integer': {
      const number = Number(text);
      return Number.isSafeInteger(number) ? number : text;
    }
    case 'float': {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

export function jsonLine(columns: TLoadColumn[], row: TLoadRow): string {
  return `${JSON.stringify(Object.fromEntries(columns.map((column, index) => [column.name, jsonValue(column.type, row[index] ?? null)])))}\n`;
}
