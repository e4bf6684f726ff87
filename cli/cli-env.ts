import { z } from 'zod';
import { CliError } from './cli-error';

/**
 * The CLI's own environment: where the server is and the caller's API token, plus the local
 * `tasks test` connections and variables. server/env.ts stays the reader of the server's
 * configuration (DATABASE_URL, TRIBUTARY_DATA_DIR: the admin commands use it); these variables
 * belong to the client side, and TRIBUTARY_CONN_* / TRIBUTARY_VAR_* have open-ended names that
 * a fixed schema cannot list, so this module is the CLI's one reader of them.
 */
const ZServerEnvSchema = z.object({
  TRIBUTARY_URL: z.url({ error: 'must be the server URL, like http://localhost:3000' }).optional(),
  TRIBUTARY_TOKEN: z.string().min(1).optional(),
});

export type TServerOptions = { url?: string; token?: string };
export type TServerTarget = { url: string; token: string };

/** The server and token: `--url`/`--token` first, then TRIBUTARY_URL/TRIBUTARY_TOKEN. */
export function serverTarget(options: TServerOptions): TServerTarget {
  const parsed = ZServerEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  const url = options.url ?? parsed.data.TRIBUTARY_URL;
  const token = options.token ?? parsed.data.TRIBUTARY_TOKEN;
  if (!url) throw new CliError('No server: pass --url or set TRIBUTARY_URL (for example http://localhost:3000).');
  if (!token) throw new CliError('No API token: pass --token or set TRIBUTARY_TOKEN (create one with `tributary admin create-token`).');
  return { url: url.replace(/\/+$/, ''), token };
}

/** Airflow's lookup rule for AIRFLOW_CONN_* and AIRFLOW_VAR_*: the prefix plus the id in upper case. */
function lookup(prefix: 'TRIBUTARY_CONN_' | 'TRIBUTARY_VAR_', id: string): string | undefined {
  return process.env[`${prefix}${id.toUpperCase()}`];
}

export const connectionEnv = (connId: string) => lookup('TRIBUTARY_CONN_', connId);
export const variableEnv = (key: string) => lookup('TRIBUTARY_VAR_', key);

/** Every TRIBUTARY_VAR_* by its name in lower case (what a template usually writes). */
export function allVariableEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env)
      .filter((entry): entry is [string, string] => entry[0].startsWith('TRIBUTARY_VAR_') && entry[1] !== undefined)
      .map(([name, value]) => [name.slice('TRIBUTARY_VAR_'.length).toLowerCase(), value]),
  );
}
