import type { TColumnType } from './column-types';

const BOOLEAN_TEXT: Record<string, boolean> = { t: true, true: true, '1': true, f: false, false: false, '0': false };

/**
 * A load's cell as JSON, as JSON targets (Redis `value: json`, S3 JSON lines) write it:
 * booleans and numbers as such (an integer past 2^53, or a float JavaScript cannot read, stays
 * text, never rounded), json columns as their document, decimals as text so that `4.50` keeps
 * its digits, everything else as text.
 */
export function jsonCell(type: TColumnType, text: string | null): unknown {
  if (text === null) return null;
  switch (type.kind) {
    case 'boolean':
      return BOOLEAN_TEXT[text.toLowerCase()] ?? text;
    case 'integer': {
      const value = Number(text);
      return Number.isSafeInteger(value) ? value : text;
    }
    case 'float': {
      const value = Number(text);
      return Number.isFinite(value) ? value : text;
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

/** A whole row as one JSON object's text, in the columns' order. */
export function jsonRowText(columns: readonly { name: string; type: TColumnType }[], row: readonly (string | null)[]): string {
  return JSON.stringify(Object.fromEntries(columns.map((column, index) => [column.name, jsonCell(column.type, row[index] ?? null)])));
}
