import { Liquid, LiquidError, UndefinedVariableError } from 'liquidjs';
import type { Result } from '../result';
import { dsAdd, dsFormat } from './date-macros';
import type { TRewrite } from './rewrite-call-syntax';
import { describePosition, offsetOf, positionOf } from './text-position';

/** Tags that read other templates from disk: a DAG's strings must not reach the server's files. */
const FILE_TAGS = ['include', 'render', 'layout'] as const;

/** Objects and arrays (XCom outputs, params) print as JSON, not "[object Object]". */
function toOutputText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function unwrap(result: Result<string, string>): string {
  // LiquidJS turns a throw inside a filter into a RenderError carrying this message and the
  // position; renderTemplate converts that back into a Result.
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function createLiquid(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    // `{% if params.x %}` and `params.x | default: 'y'` may test a missing name, like Jinja's
    // `is defined`; printing a missing name is still an error.
    lenientIf: true,
    ownPropertyOnly: true,
    // An empty in-memory template map: nothing is ever looked up on disk.
    templates: {},
    outputEscape: toOutputText,
    // Bounds for templates written by any tenant: a loop cannot allocate without limit.
    parseLimit: 1_000_000,
    memoryLimit: 10_000_000,
  });
  for (const tag of FILE_TAGS) delete liquid.tags[tag];
  liquid.registerFilter('ds_add', (ds: unknown, days: unknown) => unwrap(dsAdd(ds, days)));
  liquid.registerFilter('ds_format', (ds: unknown, input: unknown, output: unknown) => unwrap(dsFormat(ds, input, output)));
  return liquid;
}

let cached: Liquid | null = null;

/** One configured instance for the process: creating one registers every tag and filter. */
export function getLiquid(): Liquid {
  cached ??= createLiquid();
  return cached;
}

const POSITION_SUFFIX = /, line:\d+, col:\d+$/;

/** A LiquidJS error as a sentence about the template the user wrote (before the call rewrite). */
export function describeTemplateError(error: unknown, source: string, rewrite: TRewrite): string {
  if (!(error instanceof LiquidError)) throw error;
  const base = error.message.split('\n')[0]?.replace(POSITION_SUFFIX, '') ?? error.message;
  const [line = 1, column = 1] = error.token.getPosition();
  const offset = rewrite.toOriginalOffset(offsetOf(rewrite.text, { line, column }));
  return `${explain(error, base)} at ${describePosition(positionOf(source, offset))}`;
}

function explain(error: LiquidError, base: string): string {
  if (error instanceof UndefinedVariableError || base.startsWith('undefined variable: ')) {
    const name = base.replace(/^undefined variable: /, '');
    const xcom = /^ti\.xcom\.(.+)$/.exec(name);
    if (xcom) return `no output from task '${xcom[1] ?? ''}' for ti.xcom_pull (is it an upstream task that returned a value?)`;
    const pushed = /^ti\.xcom_keys\.([^.]+)(?:\.(.+))?$/.exec(name);
    if (pushed) return `no value pushed by task '${pushed[1] ?? ''}'${pushed[2] ? ` under key '${pushed[2]}'` : ''} for ti.xcom_pull (is it an upstream task that called ti.xcom_push with that key?)`;
    return `unknown variable '${name}'`;
  }
  const filter = /^undefined filter: (.+)$/.exec(base);
  if (filter) return `unknown filter '${filter[1] ?? ''}'`;
  const tag = /^tag "(.+)" not found$/.exec(base);
  if (tag) {
    const name = tag[1] ?? '';
    return (FILE_TAGS as readonly string[]).includes(name)
      ? `the '${name}' tag is not available: templates cannot read other files`
      : `unknown tag '${name}'`;
  }
  return base;
}
