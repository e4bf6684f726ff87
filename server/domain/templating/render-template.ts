import { err, ok, type Result } from '../result';
import { describeTemplateError, getLiquid } from './liquid-engine';
import { rewriteCallSyntax } from './rewrite-call-syntax';
import type { TTemplateContext } from './template-context';

/**
 * Renders one Airflow-style template with LiquidJS: no code runs, unknown variables and
 * filters are errors naming the line and column. `ds_add(ds, 7)`, `macros.ds_add(...)`,
 * `ds_format(...)` and `ti.xcom_pull(...)` are accepted in Airflow's call syntax as well as
 * the filter forms (`ds | ds_add: 7`).
 */
export function renderTemplate(text: string, context: TTemplateContext): Result<string, string> {
  // Most strings in a spec are plain: skip the parser for them.
  if (!text.includes('{')) return ok(text);
  const rewrite = rewriteCallSyntax(text);
  if (!rewrite.ok) return rewrite;
  const liquid = getLiquid();
  try {
    const template = liquid.parse(rewrite.value.text);
    return ok(String(liquid.renderSync(template, context)));
  } catch (error) {
    return err(describeTemplateError(error, text, rewrite.value));
  }
}

export type TFieldError = {
  /** Where the failing string sits, like `env.TARGET` or `args[2]`; '' for the value itself. */
  path: string;
  message: string;
};

/**
 * Renders every string inside `value` (nested objects and arrays); other values are kept, and
 * so are the top-level fields named in `verbatim` (a task type's untemplated fields).
 */
export function renderFields(value: unknown, context: TTemplateContext, verbatim: readonly string[] = []): Result<unknown, TFieldError> {
  return renderAt(value, context, '', verbatim);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const keyPath = (path: string, key: string): string =>
  IDENTIFIER.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;

function renderAt(value: unknown, context: TTemplateContext, path: string, verbatim: readonly string[] = []): Result<unknown, TFieldError> {
  if (typeof value === 'string') {
    const rendered = renderTemplate(value, context);
    return rendered.ok ? rendered : err({ path, message: rendered.error });
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const [index, item] of value.entries()) {
      const rendered = renderAt(item, context, `${path}[${index}]`);
      if (!rendered.ok) return rendered;
      items.push(rendered.value);
    }
    return ok(items);
  }
  if (isPlainObject(value)) {
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      const rendered = verbatim.includes(key) ? ok(item) : renderAt(item, context, keyPath(path, key));
      if (!rendered.ok) return rendered;
      entries.push([key, rendered.value]);
    }
    return ok(Object.fromEntries(entries));
  }
  return ok(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
