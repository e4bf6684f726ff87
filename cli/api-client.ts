import { z } from 'zod';
import { CliError } from './cli-error';
import type { TServerTarget } from './cli-env';

type TQueryValue = string | number | boolean | undefined;
export type TRequestOptions = {
  query?: Record<string, TQueryValue>;
  /** A JSON body. */
  json?: unknown;
  /** A raw body with its content type (a YAML spec). */
  raw?: { text: string; contentType: string };
};

export type TApiClient = {
  readonly baseUrl: string;
  request<S extends z.ZodType>(method: string, path: string, schema: S, options?: TRequestOptions): Promise<z.output<S>>;
};

/** Path segments percent-encoded: apiPath`/dags/${dagId}/dagRuns`. */
export function apiPath(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
  return strings.reduce((path, part, i) => path + part + (i < segments.length ? encodeURIComponent(String(segments[i])) : ''), '');
}

const ZProblemSchema = z.object({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string().default(''), line: z.number().nullable().default(null), column: z.number().nullable().default(null), message: z.string() }))
    .optional(),
});

/**
 * REST v1 over fetch, the only way server commands reach Tributary. Every failure (network,
 * HTTP error, a body that does not match the contract) leaves here as one CliError.
 */
export function createApiClient(target: TServerTarget): TApiClient {
  const baseUrl = `${target.url}/api/v1`;
  return {
    baseUrl,
    async request(method, path, schema, options = {}) {
      const url = new URL(`${baseUrl}${path}`);
      for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
      const response = await send(url, method, target.token, options);
      const text = await response.text();
      if (!response.ok) throw problemError(response, text);
      return parseBody(schema, text, `${method} ${path}`);
    },
  };
}

async function send(url: URL, method: string, token: string, options: TRequestOptions): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  let body: string | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.text;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  try {
    return await fetch(url, { method, headers, body });
  } catch (error) {
    const cause: unknown = error instanceof Error ? error.cause : undefined;
    const code = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(error);
    throw new CliError(`Cannot reach the Tributary server at ${url.origin} (${code}). Check --url or TRIBUTARY_URL.`);
  }
}

/** The one conversion of an HTTP error: the server's problem details, field errors kept for the caller to place. */
function problemError(response: Response, text: string): CliError {
  let parsed: z.infer<typeof ZProblemSchema> = {};
  try {
    parsed = ZProblemSchema.parse(JSON.parse(text));
  } catch {
    // Not a problem document (a proxy's HTML page): fall back to the status line.
  }
  const title = parsed.title ?? response.statusText;
  return new CliError(parsed.detail ?? `HTTP ${response.status} ${title}`, {
    status: response.status,
    title,
    problems: parsed.errors ?? [],
  });
}

function parseBody<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let raw: unknown = null;
  try {
    raw = text.trim() === '' ? null : JSON.parse(text);
  } catch {
    throw new CliError(`The server's answer to ${what} is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`The server's answer to ${what} does not match REST v1: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}
