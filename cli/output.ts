/**
 * What a command prints. Human mode: lines and tables on stdout. `--json` mode: stdout holds
 * exactly one JSON document (or one per line for streams), so the human lines a command still
 * wants to show (progress, prompts) go to stderr.
 */
export type TOutput = {
  json: boolean;
  /** A line for people: stdout, or stderr in JSON mode. */
  say(text: string): void;
  /** A warning or an error line: always stderr. */
  warn(text: string): void;
  /** The command's result: printed as JSON in JSON mode, otherwise by `human`. */
  result(value: unknown, human: () => void): void;
  /** One JSON document per line (a stream of log chunks). */
  jsonLine(value: unknown): void;
  /** Raw text without a newline (log content as it arrives). */
  write(text: string): void;
};

export function createOutput(options: { json?: boolean }): TOutput {
  const json = options.json === true;
  return {
    json,
    say: (text) => (json ? process.stderr : process.stdout).write(`${text}\n`),
    warn: (text) => process.stderr.write(`${text}\n`),
    result(value, human) {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else human();
    },
    jsonLine: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    write: (text) => process.stdout.write(text),
  };
}

type TCell = string | number | boolean | null | undefined;

/** A plain aligned table; `null`/`undefined` cells print as an empty string. */
export function formatTable(headers: string[], rows: TCell[][]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  const widths = headers.map((header, i) => Math.max(header.length, ...text.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...text.map(line)].join('\n');
}
