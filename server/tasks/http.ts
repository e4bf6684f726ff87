import { STATUS_CODES } from 'node:http';
import { EgressRefusedError } from '../integrations/egress';
import { egressFetch } from '../integrations/egress-fetch';
import { buildHttpRequest, type THttpRequest } from './http-request';
import { MAX_OUTPUT_BYTES, runScriptFunction } from './script-function';
import { abortMessage } from './subprocess';
import { TaskFailure, type TTaskRunContext, type TTaskType } from './task-type';

/** How much of an error response's body the failure message quotes. */
const ERROR_BODY_CHARS = 500;

type THttpContext = TTaskRunContext<'http'>;
type TBody = { text: string; tooLarge: boolean };

/**
 * Airflow's HttpOperator: one request; a non-2xx status fails the task, and the body (parsed
 * when it is JSON) becomes the output. Bodies are read only up to the output limit: a large
 * export belongs in a `load` task, not in the metadata database.
 */
export const httpTask: TTaskType<'http'> = {
  type: 'http',
  async run(ctx) {
    const { config } = ctx;
    const connection = config.conn_id === undefined ? null : await ctx.getConnection(config.conn_id);
    const request = buildHttpRequest(config, connection);
    ctx.log.system(`Calling HTTP method ${request.method} ${request.url}`);
    const { response, body } = await send(ctx, request);
    const status = `${response.status} ${response.statusText || (STATUS_CODES[response.status] ?? '')}`.trimEnd();
    ctx.log.system(`Received HTTP ${status}`);
    if (!response.ok) {
      throw new TaskFailure(`HTTP ${status} from ${request.url}: ${body.text.slice(0, ERROR_BODY_CHARS)}`);
    }
    if (body.tooLarge) {
      throw new TaskFailure(
        `The response from ${request.url} is larger than 64 KiB, the limit of a task's output; load large responses into a table with the \`load\` task type instead`,
      );
    }
    const parsed = parseJsonBody(response, body.text);
    if (config.response_check !== undefined) {
      const view = { status: response.status, headers: Object.fromEntries(response.headers), json: parsed?.json ?? null, text: body.text };
      await checkResponse(ctx, config.response_check, view);
    }
    return { output: parsed ? parsed.json : body.text };
  },
};

async function send(ctx: THttpContext, request: THttpRequest): Promise<{ response: Response; body: TBody }> {
  try {
    const response = await egressFetch(ctx.egress, request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: ctx.signal,
    });
    return { response, body: await readBody(response, MAX_OUTPUT_BYTES) };
  } catch (error) {
    if (ctx.signal.aborted) throw new TaskFailure(abortMessage(ctx.signal));
    if (error instanceof TaskFailure) throw error;
    if (error instanceof EgressRefusedError) throw new TaskFailure(`HTTP ${request.method} ${request.url}: ${error.message}`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new TaskFailure(`HTTP ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
}

/** Reads at most `limit` bytes, then stops the download rather than buffering all of it. */
async function readBody(response: Response, limit: number): Promise<TBody> {
  if (!response.body) return { text: '', tooLarge: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: decode(chunks), tooLarge: true };
    }
    chunks.push(value);
  }
  return { text: decode(chunks), tooLarge: false };
}

function decode(chunks: Uint8Array[]): string {
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The body as JSON when the server says it is (application/json, application/problem+json…)
 * and it parses; otherwise null and the task outputs the text. Boxed, as a body may be `null`.
 */
function parseJsonBody(response: Response, text: string): { json: unknown } | null {
  if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '') || text.trim() === '') return null;
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** Evaluated in the script runner, not here: a DAG's expression must not run inside the worker. */
async function checkResponse(ctx: THttpContext, expression: string, response: Record<string, unknown>): Promise<void> {
  ctx.log.system(`Checking the response with response_check: ${expression}`);
  const passed = await runScriptFunction(ctx, {
    // The newline lets the expression end in a // comment.
    code: `return (${expression}\n);`,
    argName: 'response',
    argValue: response,
    filename: 'response_check',
    typescript: false,
  });
  if (!passed) throw new TaskFailure('response_check returned false');
}
