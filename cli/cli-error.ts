/** A field problem as REST v1 and parseDagSpec report it. */
export type TCliProblem = { path: string; line: number | null; column: number | null; message: string };

/**
 * The one error type CLI commands throw for expected failures (bad input, an API error, a
 * missing database). main.ts prints it once: its message, then each problem on its own line,
 * and exits with `exitCode`. Anything else is a bug and is printed with its stack.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly options: { problems?: TCliProblem[]; file?: string; status?: number; title?: string; exitCode?: number } = {},
  ) {
    super(message);
    this.name = 'CliError';
  }

  get exitCode(): number {
    return this.options.exitCode ?? 1;
  }
}

/**
 * `file:line:col: path: message`, the compiler format editors and CI annotate from. Problems the
 * source locator could not place keep the file alone; an empty path (a YAML syntax error) is left out.
 */
export function formatProblem(file: string | undefined, problem: TCliProblem): string {
  const where = [file, problem.line, problem.line === null ? null : problem.column].filter((part) => part !== null && part !== undefined);
  const prefix = where.length > 0 ? `${where.join(':')}: ` : '';
  return `${prefix}${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}

/** What `--json` prints for an error (on stderr, so stdout stays the command's data). */
export function errorAsJson(error: CliError) {
  const { problems, file, status, title } = error.options;
  return { error: { title: title ?? 'Error', status: status ?? null, detail: error.message, file: file ?? null, errors: problems ?? [] } };
}
