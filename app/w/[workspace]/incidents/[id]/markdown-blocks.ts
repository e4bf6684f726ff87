/*
 * Pipe tables (GitHub's `| a | b |` with a `|---|---|` line under the header) are not CommonMark,
 * and react-markdown renders CommonMark only (its GFM plugin, remark-gfm, is not installed). The
 * post-mortem template's action items are such a table, so the page finds them itself: this
 * splits a markdown text into plain markdown and tables, never inside a fenced code block. Pure.
 */

export type TMarkdownBlock =
  | { kind: 'markdown'; text: string }
  | { kind: 'table'; header: string[]; align: TAlign[]; rows: string[][] };
export type TAlign = 'left' | 'center' | 'right' | null;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const DELIMITER_CELL = /^:?-+:?$/;

/** A table row's cells: outer pipes dropped, `\|` kept as a pipe inside its cell. */
export function tableCells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  return text.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function delimiterAligns(line: string, columns: number): TAlign[] | null {
  if (!line.includes('-')) return null;
  const cells = tableCells(line);
  if (cells.length !== columns || !cells.every((cell) => DELIMITER_CELL.test(cell))) return null;
  return cells.map((cell) => (cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : null));
}

const isRow = (line: string | undefined) => line !== undefined && line.trim().startsWith('|');

/** The markdown's blocks in order; consecutive plain lines form one markdown block. */
export function markdownBlocks(markdown: string): TMarkdownBlock[] {
  const lines = markdown.split('\n');
  const blocks: TMarkdownBlock[] = [];
  let plain: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (plain.some((line) => line.trim() !== '')) blocks.push({ kind: 'markdown', text: plain.join('\n') });
    plain = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opened = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (opened && opened[0] === fence[0] && opened.length >= fence.length) fence = null;
      plain.push(line);
      continue;
    }
    if (opened) fence = opened;
    const header = isRow(line) ? tableCells(line) : null;
    const align = header ? delimiterAligns(lines[i + 1] ?? '', header.length) : null;
    if (!opened && header && align) {
      const rows: string[][] = [];
      let next = i + 2;
      for (; isRow(lines[next]); next++) {
        const cells = tableCells(lines[next]!);
        rows.push(header.map((_, column) => cells[column] ?? ''));
      }
      flush();
      blocks.push({ kind: 'table', header, align, rows });
      i = next - 1;
      continue;
    }
    plain.push(line);
  }
  flush();
  return blocks;
}
