import { err, ok, type Result } from '../result';
import { describePosition, indexOutsideQuotes, positionOf } from './text-position';

/**
 * Airflow templates call helpers as Python functions (`ds_add(ds, 7)`,
 * `ti.xcom_pull(task_ids='extract')`); Liquid has filters instead. Before parsing, the known
 * call forms are rewritten into Liquid: `ds | ds_add: 7`, `ti.xcom["extract"]`. Only these
 * functions, only where a filter chain may stand (the start of `{{ }}` or the value of
 * `{% assign %}`); anything else is left for Liquid to report. The rewritten text keeps a map
 * back to the original so error positions point at what the user wrote.
 */
export type TRewrite = { text: string; toOriginalOffset(offset: number): number };

/** A piece of rewritten text: copied from `origin` (exact) or generated for a call at `origin`. */
type TSegment = { text: string; origin: number; exact: boolean };
type TCall = { segments: TSegment[]; end: number; isFilterChain: boolean };

type TCallName = 'ds_add' | 'ds_format' | 'xcom_pull';
const PARAMS: Record<TCallName, readonly string[]> = {
  ds_add: ['ds', 'days'],
  ds_format: ['ds', 'input_format', 'output_format'],
  xcom_pull: ['task_ids', 'dag_id', 'key'],
};
const DISPLAY: Record<TCallName, string> = { ds_add: 'ds_add', ds_format: 'ds_format', xcom_pull: 'ti.xcom_pull' };

const CALL_HEAD = /(?:macros\.)?(ds_add|ds_format)\s*\(|ti\.xcom_pull\s*\(/y;
const STRING = /^(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")$/s;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const PATH = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[(?:\d+|'[^']*'|"[^"]*"|[A-Za-z_][\w.]*)\])*$/;
const KWARG = /([A-Za-z_]\w*)\s*=(?!=)\s*/y;
const TAG_OPEN = /\{\{|\{%/g;

class RewriteError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function callAt(text: string, index: number): { name: TCallName; argsStart: number } | null {
  if (index > 0 && /[\w.]/.test(text[index - 1] ?? '')) return null;
  CALL_HEAD.lastIndex = index;
  const match = CALL_HEAD.exec(text);
  if (!match) return null;
  const name = (match[1] ?? 'xcom_pull') as TCallName;
  return { name, argsStart: index + match[0].length };
}

export function rewriteCallSyntax(source: string): Result<TRewrite, string> {
  try {
    const segments = rewriteAll(source);
    const text = segments.map((segment) => segment.text).join('');
    return ok({ text, toOriginalOffset: (offset) => toOriginal(segments, offset, source.length) });
  } catch (error) {
    if (!(error instanceof RewriteError)) throw error;
    return err(`${error.message} at ${describePosition(positionOf(source, error.offset))}`);
  }
}

function rewriteAll(source: string): TSegment[] {
  const segments: TSegment[] = [];
  let copied = 0;
  const replace = (from: number, call: TCall): void => {
    segments.push({ text: source.slice(copied, from), origin: copied, exact: true }, ...call.segments);
    copied = call.end;
  };
  TAG_OPEN.lastIndex = 0;
  for (let open = TAG_OPEN.exec(source); open; open = TAG_OPEN.exec(source)) {
    const isOutput = open[0] === '{{';
    const close = indexOutsideQuotes(source, isOutput ? '}}' : '%}', open.index + 2);
    if (close === -1) break; // unclosed: Liquid reports it
    TAG_OPEN.lastIndex = close + 2;
    const inner = open.index + 2;
    if (isOutput) {
      rewriteExpression(source, inner, close, replace);
      continue;
    }
    const tag = /^-?\s*(\w+)/.exec(source.slice(inner, close));
    const name = tag?.[1] ?? '';
    if (name === 'raw' || name === 'comment') {
      const endTag = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g');
      endTag.lastIndex = close + 2;
      TAG_OPEN.lastIndex = endTag.exec(source) ? endTag.lastIndex : source.length;
    } else if (name === 'echo') {
      rewriteExpression(source, inner + (tag?.[0].length ?? 0), close, replace);
    } else if (name === 'assign') {
      const equals = indexOutsideQuotes(source, '=', inner);
      if (equals !== -1 && equals < close) rewriteExpression(source, equals + 1, close, replace);
    } else {
      refuseCalls(source, inner, close);
    }
  }
  segments.push({ text: source.slice(copied), origin: copied, exact: true });
  return segments;
}

/** Rewrites a call at the head of the expression in [start, end) and refuses calls elsewhere. */
function rewriteExpression(source: string, start: number, end: number, replace: (from: number, call: TCall) => void): void {
  let head = start;
  if (source[head] === '-') head += 1;
  while (/\s/.test(source[head] ?? '')) head += 1;
  if (!callAt(source, head)) return refuseCalls(source, head, end);
  const call = parseCall(source, head);
  if (call.end > end) throw new RewriteError(head, "unclosed '(' in a call");
  const rest = source.slice(call.end, end).replace(/-$/, '').trim();
  if (call.isFilterChain && rest !== '' && !rest.startsWith('|')) {
    throw new RewriteError(call.end, `unexpected '${rest}' after ${DISPLAY[callAt(source, head)?.name ?? 'ds_add']}(...): only filters (| name) may follow`);
  }
  refuseCalls(source, call.end, end);
  replace(head, call);
}

function refuseCalls(source: string, start: number, end: number): void {
  for (let i = start; i < end; i += 1) {
    const char = source[i];
    if (char === "'" || char === '"') {
      i = endOfString(source, i);
      continue;
    }
    const call = callAt(source, i);
    if (call) {
      throw new RewriteError(
        i,
        `${DISPLAY[call.name]}(...) can only start a {{ ... }} or an {% assign %} value; elsewhere use the filter form (like ds | ds_add: 1)`,
      );
    }
  }
}

/** Index of the quote closing the string opened at `open`, or the text's length. */
function endOfString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === text[open]) return i;
  }
  return text.length;
}

/** Top-level comma-separated ranges between `start` and the matching ')'. */
function splitArgs(source: string, start: number): { args: [number, number][]; close: number } {
  const args: [number, number][] = [];
  let depth = 0;
  let argStart = start;
  for (let i = start; i < source.length; i += 1) {
    const char = source[i] ?? '';
    if (char === "'" || char === '"') i = endOfString(source, i);
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char) && depth > 0) depth -= 1;
    else if ((char === ',' || char === ')') && depth === 0) {
      args.push(trim(source, argStart, i));
      if (char === ')') {
        const [only] = args;
        if (args.length === 1 && only && only[0] === only[1]) args.pop(); // f()
        return { args, close: i };
      }
      argStart = i + 1;
    }
  }
  throw new RewriteError(start - 1, "unclosed '(' in a call");
}

function trim(source: string, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(source[from] ?? '')) from += 1;
  while (to > from && /\s/.test(source[to - 1] ?? '')) to -= 1;
  return [from, to];
}

function parseCall(source: string, start: number): TCall {
  const head = callAt(source, start);
  if (!head) throw new RewriteError(start, 'expected a call');
  const { args, close } = splitArgs(source, head.argsStart);
  const bound = bindArgs(source, head.name, args);
  const glue = (text: string): TSegment => ({ text, origin: start, exact: false });
  const arg = (param: string): TCall => {
    const range = bound.get(param);
    if (!range) throw new RewriteError(start, `${DISPLAY[head.name]}(...) needs the argument '${param}'`);
    return parseArgument(source, range, head.name, param === 'ds');
  };
  const end = close + 1;
  switch (head.name) {
    case 'ds_add':
      return { end, isFilterChain: true, segments: [...arg('ds').segments, glue(' | ds_add: '), ...arg('days').segments] };
    case 'ds_format':
      return {
        end,
        isFilterChain: true,
        segments: [...arg('ds').segments, glue(' | ds_format: '), ...arg('input_format').segments, glue(', '), ...arg('output_format').segments],
      };
    case 'xcom_pull':
      // A key other than return_value reads what the task pushed with ti.xcom_push under it.
      if (checkXcomOptions(source, bound, start) === 'pushed_key') {
        return { end, isFilterChain: false, segments: [glue('ti.xcom_keys['), ...arg('task_ids').segments, glue(']['), ...arg('key').segments, glue(']')] };
      }
      return { end, isFilterChain: false, segments: [glue('ti.xcom['), ...arg('task_ids').segments, glue(']')] };
  }
}

/** Python-style binding: positional first, then keywords, each parameter once. */
function bindArgs(source: string, name: TCallName, args: [number, number][]): Map<string, [number, number]> {
  const params = PARAMS[name];
  const bound = new Map<string, [number, number]>();
  let keywords = false;
  args.forEach(([from, to], index) => {
    if (from === to) throw new RewriteError(from, `empty argument in ${DISPLAY[name]}(...)`);
    KWARG.lastIndex = from;
    const kw = KWARG.exec(source);
    let param: string | undefined;
    if (kw && KWARG.lastIndex <= to) {
      keywords = true;
      param = kw[1] ?? '';
      if (!params.includes(param)) throw new RewriteError(from, `${DISPLAY[name]}(...) has no argument '${param}' (it takes ${params.join(', ')})`);
      from = KWARG.lastIndex;
    } else {
      if (keywords) throw new RewriteError(from, `positional argument after a keyword argument in ${DISPLAY[name]}(...)`);
      param = params[index];
      if (param === undefined) throw new RewriteError(from, `${DISPLAY[name]}(...) takes at most ${params.length} arguments`);
    }
    if (bound.has(param)) throw new RewriteError(from, `${DISPLAY[name]}(...) got '${param}' twice`);
    bound.set(param, [from, to]);
  });
  return bound;
}

/** Templates read this run's DAG only: a task's return value, or a key it pushed (a quoted name). */
function checkXcomOptions(source: string, bound: Map<string, [number, number]>, at: number): 'return_value' | 'pushed_key' {
  const dagId = bound.get('dag_id');
  if (dagId) throw new RewriteError(dagId[0], "ti.xcom_pull(...) can only read this DAG's tasks: remove dag_id");
  if (!bound.has('task_ids')) throw new RewriteError(at, "ti.xcom_pull(...) needs a task id, like ti.xcom_pull('extract')");
  const key = bound.get('key');
  if (!key || /^(['"])return_value\1$/.test(source.slice(key[0], key[1]))) return 'return_value';
  if (!STRING.test(source.slice(key[0], key[1]))) throw new RewriteError(key[0], "ti.xcom_pull(...)'s key must be a quoted name, like key='rows'");
  return 'pushed_key';
}

function parseArgument(source: string, [from, to]: [number, number], name: TCallName, mayBeCall: boolean): TCall {
  const text = source.slice(from, to);
  if (callAt(source, from)) {
    const inner = parseCall(source, from);
    if (inner.end === to) {
      if (!mayBeCall && inner.isFilterChain) {
        throw new RewriteError(from, `only the first argument of ${DISPLAY[name]}(...) may be a ds_add or ds_format call`);
      }
      return inner;
    }
  }
  if (!STRING.test(text) && !NUMBER.test(text) && !PATH.test(text)) {
    throw new RewriteError(from, `unsupported argument '${text}' in ${DISPLAY[name]}(...): use a variable, a quoted string or a number`);
  }
  return { end: to, isFilterChain: false, segments: [{ text, origin: from, exact: true }] };
}

function toOriginal(segments: readonly TSegment[], offset: number, sourceLength: number): number {
  let start = 0;
  for (const segment of segments) {
    const end = start + segment.text.length;
    if (offset < end) return segment.exact ? segment.origin + (offset - start) : segment.origin;
    start = end;
  }
  return sourceLength;
}
