/**
 * Rows in PostgreSQL's COPY text format (`COPY ... FROM STDIN`, the default format): one line per
 * row, values separated by tabs, SQL NULL as `\N`. A value is the text PostgreSQL parses with its
 * column type's input function, exactly as it casts an untyped parameter of an INSERT; only the
 * characters the format itself uses are escaped, so an empty string stays an empty string and
 * the text `\N` stays that text.
 */

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyTextValue(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIALS, (char) => ESCAPES[char]!) : value;
}

/** The lines of `rows` (each ending in a newline), ready to send as COPY's data. */
export function copyText(rows: readonly (readonly (string | null)[])[]): string {
  let text = '';
  for (const row of rows) {
    let line = '';
    for (let column = 0; column < row.length; column++) {
      if (column > 0) line += '\t';
      line += copyTextValue(row[column] ?? null);
    }
    text += `${line}\n`;
  }
  return text;
}
