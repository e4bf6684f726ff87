/** 1-based line and column, as LiquidJS reports them. */
export type TTextPosition = { line: number; column: number };

export function positionOf(text: string, offset: number): TTextPosition {
  const before = text.slice(0, Math.max(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

export function offsetOf(text: string, position: TTextPosition): number {
  let offset = 0;
  for (let line = 1; line < position.line; line += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + position.column - 1);
}

export const describePosition = ({ line, column }: TTextPosition): string => `line ${line}, column ${column}`;

/** Index of `delimiter` at or after `from`, skipping quoted strings; -1 when absent. */
export function indexOutsideQuotes(text: string, delimiter: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i += 1) {
    const char = text[i];
    if (quote !== null) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (text.startsWith(delimiter, i)) return i;
  }
  return -1;
}
