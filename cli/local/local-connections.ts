// Local command helper for `tasks test`: connections and variables from the environment, as
// Airflow's AIRFLOW_CONN_* / AIRFLOW_VAR_*, instead of the workspace's encrypted ones.
import { z } from 'zod';
import type { TResolvedConnection } from '../../server/domain/connections/resolved-connection';
import type { TTemplateConnection } from '../../server/domain/templating/template-context';
import { allVariableEnv, connectionEnv, variableEnv } from '../cli-env';
import { CliError } from '../cli-error';

/** URI schemes Airflow spells differently from its conn_type. */
const SCHEME_TYPES: Record<string, string> = { postgresql: 'postgres', postgres: 'postgres', http: 'http', https: 'http' };

const ZJsonConnectionSchema = z.object({
  conn_type: z.string(),
  host: z.string().nullish(),
  port: z.number().int().nullish(),
  login: z.string().nullish(),
  password: z.string().nullish(),
  schema: z.string().nullish(),
  extra: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * `postgresql://user:pass@host:5432/db?sslmode=require` (query parameters become the extra), or
 * a web URL `https://host/path` (the whole URL is the base, as an http connection's host may
 * be), or Airflow's JSON form `{"conn_type": ..., "host": ...}`.
 */
export function parseConnectionValue(connId: string, value: string): TResolvedConnection {
  if (value.trim().startsWith('{')) {
    const parsed = ZJsonConnectionSchema.safeParse(parseJson(value));
    if (!parsed.success) throw new CliError(`TRIBUTARY_CONN_${connId.toUpperCase()}: ${parsed.error.issues[0]?.message ?? 'invalid JSON connection'}`);
    const c = parsed.data;
    return { connId, connType: c.conn_type, host: c.host ?? null, port: c.port ?? null, login: c.login ?? null, password: c.password ?? null, schema: c.schema ?? null, extra: c.extra ?? {} };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`TRIBUTARY_CONN_${connId.toUpperCase()} is not a connection URI (like postgresql://user:pass@host:5432/db or https://host/path)`);
  }
  const scheme = url.protocol.slice(0, -1);
  const connType = SCHEME_TYPES[scheme] ?? scheme.replaceAll('-', '_');
  const login = url.username ? decodeURIComponent(url.username) : null;
  const password = url.password ? decodeURIComponent(url.password) : null;
  if (connType === 'http') {
    const base = new URL(url);
    base.username = '';
    base.password = '';
    base.search = '';
    return { connId, connType, host: base.toString().replace(/\/$/, ''), port: null, login, password, schema: scheme, extra: Object.fromEntries(url.searchParams) };
  }
  const schema = decodeURIComponent(url.pathname.replace(/^\//, '')) || null;
  return { connId, connType, host: url.hostname || null, port: url.port ? Number(url.port) : null, login, password, schema, extra: Object.fromEntries(url.searchParams) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function connectionFromEnv(connId: string): TResolvedConnection | null {
  const value = connectionEnv(connId);
  return value === undefined ? null : parseConnectionValue(connId, value);
}

/** Names used as `conn.NAME` / `var.NAME` (`var.value.NAME`, `var.json.NAME`) in a config's templates. */
function namesAfter(config: unknown, pattern: RegExp): string[] {
  const text = JSON.stringify(config) ?? '';
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1]!))];
}

/** The connections a config's templates read, those the environment defines. */
export function templateConnections(config: unknown): Map<string, TResolvedConnection> {
  const found = namesAfter(config, /\bconn\.(\w+)/g).map((name) => connectionFromEnv(name));
  return new Map(found.filter((c): c is TResolvedConnection => c !== null).map((c) => [c.connId, c]));
}

export function asTemplateConnection(c: TResolvedConnection): TTemplateConnection {
  return { conn_type: c.connType, host: c.host, port: c.port, login: c.login, schema: c.schema, extra: JSON.stringify(c.extra) };
}

/**
 * Every TRIBUTARY_VAR_* under its lower-case name, and each name a template reads under its
 * own spelling (looked up upper-cased, as Airflow does), so `{{ var.apiKey }}` finds TRIBUTARY_VAR_APIKEY.
 */
export function templateVariables(config: unknown): Record<string, string> {
  const variables = allVariableEnv();
  for (const name of namesAfter(config, /\bvar\.(?:value\.|json\.)?(\w+)/g)) {
    const value = variableEnv(name);
    if (value !== undefined) variables[name] = value;
  }
  return variables;
}
