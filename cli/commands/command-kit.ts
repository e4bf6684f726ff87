import { Command, InvalidArgumentError } from 'commander';
import { CliError, errorAsJson, formatProblem } from '../cli-error';

/** `--json` on every command: scripts read stdout as one JSON document. */
export function withJson(command: Command): Command {
  return command.option('--json', 'print the result as JSON (for scripts)');
}

/** The options every server command takes besides its own. */
export function withServer(command: Command): Command {
  return withJson(command)
    .option('--url <url>', 'Tributary server URL (default: $TRIBUTARY_URL)')
    .option('--token <token>', 'API token (default: $TRIBUTARY_TOKEN)');
}

type TExitCode = number | void;

/**
 * Wraps a command's implementation: its return value becomes the exit code, and this is the
 * CLI's one place where an error becomes output (the server's detail, then one
 * `file:line:col: message` line per field problem). Unexpected errors keep their stack: they are bugs.
 */
export function action<A extends unknown[]>(run: (...args: A) => Promise<TExitCode>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args.at(-1);
    const json = command instanceof Command && command.opts<{ json?: boolean }>().json === true;
    try {
      const code = await run(...args);
      process.exitCode = code ?? 0;
    } catch (error) {
      process.exitCode = printError(error, json);
    }
  };
}

function printError(error: unknown, json: boolean): number {
  if (!(error instanceof CliError)) {
    process.stderr.write(`tributary: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  if (json) {
    process.stderr.write(`${JSON.stringify(errorAsJson(error))}\n`);
    return error.exitCode;
  }
  const { status, title, problems, file } = error.options;
  const heading = status === undefined ? 'Error' : `Error (${status} ${title ?? ''})`.replace(' )', ')');
  process.stderr.write(`${heading}: ${error.message}\n`);
  for (const problem of problems ?? []) process.stderr.write(`${formatProblem(file, problem)}\n`);
  return error.exitCode;
}

/** Argument parsers: a bad value is a usage error naming the option, before anything runs. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(`not valid JSON: ${value}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('expected a JSON object, like \'{"key": "value"}\'');
  return parsed as Record<string, unknown>;
}

/** A date or datetime as the server takes it (ISO 8601); a bare date is kept as written. */
export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) {
    throw new InvalidArgumentError('expected a date like 2024-01-01 or 2024-01-01T06:00:00Z');
  }
  return value;
}

/**
 * An instant for endpoints that take ISO 8601 date-times with an offset (trigger, clear): a
 * bare date or a naive time is read as UTC, as Airflow's CLI reads naive dates.
 */
export function isoDateTime(value: string): string {
  const text = isoDate(value).replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text}T00:00:00Z`;
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
}

export function commaList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}
