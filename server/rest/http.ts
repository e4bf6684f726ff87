import { z } from 'zod';
import { AppError, httpStatusOf, type TProblem } from '../services/app-error';

/** Problem Details (RFC 9457) bodies, with Airflow's `title`/`detail` and our field `errors`. */
export function problem(status: number, title: string, detail: string, errors?: TProblem[]): Response {
  return Response.json(
    { type: 'about:blank', title, status, detail, ...(errors && errors.length > 0 ? { errors } : {}) },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error',
};

/** The one place an error becomes an HTTP response. Unexpected errors never leak their text. */
export function errorResponse(error: unknown, log?: (error: unknown) => void): Response {
  if (error instanceof AppError) {
    const status = httpStatusOf(error.code);
    return problem(status, TITLES[status] ?? 'Error', error.message, error.problems);
  }
  if (error instanceof RestInputError) return problem(400, 'Bad Request', error.message, error.problems);
  log?.(error);
  return problem(500, 'Internal Server Error', 'Something went wrong on the server; it has been logged.');
}

/** Bad request input: the message names the field and the reason. */
export class RestInputError extends Error {
  constructor(message: string, readonly problems: TProblem[] = []) {
    super(message);
  }
}

export function zodProblems(error: z.ZodError): TProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join(''),
    line: null,
    column: null,
    message: issue.message,
  }));
}

/** Parses a JSON body with a zod schema; every problem names its field. */
export async function jsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    const text = await request.text();
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new RestInputError('The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RestInputError(`Invalid request body: ${parsed.error.issues[0]?.message ?? 'invalid'}`, zodProblems(parsed.error));
  return parsed.data;
}

/** Parses query parameters with a zod schema (values arrive as strings; use z.coerce). */
export function queryParams<T extends z.ZodType>(url: URL, schema: T): z.output<T> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    raw[key] = values.length > 1 ? values : values[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RestInputError(`Invalid query parameter: ${parsed.error.issues[0]?.message ?? 'invalid'}`, zodProblems(parsed.error));
  return parsed.data;
}

export const ZPaginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
