import type { TPyValue } from './airflow-description';
import { durationSeconds, isBoolean, isInteger, isString, isStringOrList, isUnmapped, literal, literalOf, mapped, specDate, type TMapped } from './airflow-values';
import { ALERT_ADVICE, convertCallback } from './convert-callbacks';
import { assign, report, type TImportContext } from './import-context';

type TArgMapper = (value: TPyValue) => TMapped<unknown>;

const lit = (what: string, check: (v: unknown) => boolean): TArgMapper => (value) => literalOf(value, what, (v): v is unknown => check(v));

/** The arguments every operator takes (BaseOperator's) that a Tributary task has too. */
const COMMON_ARGS: Record<string, TArgMapper> = {
  owner: lit('a string', isString),
  retries: lit('a whole number', isInteger),
  retry_delay: durationSeconds,
  retry_exponential_backoff: lit('True or False', isBoolean),
  max_retry_delay: durationSeconds,
  execution_timeout: durationSeconds,
  depends_on_past: lit('True or False', isBoolean),
  pool: lit('a string', isString),
  email: lit('an address or a list of them', isStringOrList),
};
const TASK_ONLY_ARGS: Record<string, TArgMapper> = {
  trigger_rule: triggerRule,
  pool_slots: lit('a whole number', isInteger),
  doc_md: lit('a string', isString),
  outlets: datasets,
  inlets: datasets,
};
/** Arguments with no effect worth reporting: ids the spec has elsewhere, Airflow 1 leftovers. */
const SILENT = new Set(['task_id', 'dag', 'provide_context', 'do_xcom_push', 'multiple_outputs', 'queue', 'priority_weight', 'weight_rule']);

/** default_args: the fields the spec's default_args has; start_date is kept aside for the DAG (see convertDagArgs). */
export function convertDefaultArgs(ctx: TImportContext, value: TPyValue, subject: string, line: number): Record<string, unknown> {
  const entries: [string, TPyValue][] = 'dict' in value ? Object.entries(value.dict) : 'lit' in value && typeof value.lit === 'object' && value.lit !== null && !Array.isArray(value.lit) ? Object.entries(value.lit).map(([k, v]) => [k, { lit: v }]) : [];
  if (entries.length === 0 && !('lit' in value)) {
    report(ctx, { line: 'line' in value ? value.line : line, status: 'not_converted', subject: `${subject}: default_args`, message: 'not a mapping the importer can read (a dict literal, or a name bound to one in this file)' });
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [name, arg] of callbacksLast(entries)) {
    if (name === 'start_date') {
      const date = specDate(arg);
      if (isUnmapped(date)) report(ctx, { line: date.line ?? line, status: 'not_converted', subject: `${subject}: default_args.start_date`, message: date.unmapped });
      else Object.assign(out, { __start_date: date.value.date, ...(date.value.timezone && date.value.timezone !== 'UTC' ? { __timezone: date.value.timezone } : {}) });
      continue;
    }
    convertArg(ctx, out, name, arg, `${subject}: default_args`, line, COMMON_ARGS);
  }
  return out;
}

/** A task's BaseOperator arguments into `task`; returns the names it handled. */
export function convertCommonTaskArgs(ctx: TImportContext, task: Record<string, unknown>, kwargs: Record<string, TPyValue>, subject: string, line: number): Set<string> {
  const handled = new Set<string>();
  for (const [name, arg] of callbacksLast(Object.entries(kwargs))) {
    if (convertArg(ctx, task, name, arg, subject, line, { ...COMMON_ARGS, ...TASK_ONLY_ARGS })) handled.add(name);
  }
  return handled;
}

const isCallback = (name: string) => /^on_.*_callback$/.test(name);
/** Callbacks after `email` and the rest: a notifier adds to the addresses and channels they set. */
export const callbacksLast = <T>(entries: [string, T][]) => [...entries.filter(([n]) => !isCallback(n)), ...entries.filter(([n]) => isCallback(n))];

function convertArg(ctx: TImportContext, target: Record<string, unknown>, name: string, arg: TPyValue, subject: string, line: number, mappers: Record<string, TArgMapper>): boolean {
  if (SILENT.has(name)) return true;
  const mapper = mappers[name];
  if (mapper) {
    const field = name === 'outlets' ? 'outputs' : name === 'inlets' ? 'inputs' : name;
    assign(ctx, target, field, mapper(arg), subject, line);
    return true;
  }
  if (isCallback(name)) {
    convertCallback(ctx, target, name, arg, subject, line);
    return true;
  }
  if (/^(email_on_|sla$|sla_miss_callback$)/.test(name)) {
    report(ctx, { line: 'line' in arg ? arg.line : line, status: 'not_converted', subject: `${subject}: ${name}`, message: ALERT_ADVICE });
    return true;
  }
  return false;
}

/** `"all_done"` or `TriggerRule.ALL_DONE`. */
function triggerRule(value: TPyValue): TMapped<string> {
  if ('name' in value && /(^|\.)TriggerRule\.[A-Z_]+$/.test(value.name)) return mapped(value.name.split('.').at(-1)!.toLowerCase());
  return literalOf(value, 'a trigger rule', isString);
}

const DATASET_CALL = /(^|\.)(Dataset|Asset)$/;
const SHORT_DATASET = /^[^.\s:/]+\.[^\s:]+$/;

/**
 * outlets/inlets: `Dataset("warehouse.public.orders")` (or Asset, or the bare string) when the
 * name has Tributary's `conn_id.table` form. A URI (`s3://...`, `postgres://...`) names no
 * connection of the workspace, so it is reported rather than guessed.
 */
function datasets(value: TPyValue): TMapped<string[]> {
  const items = 'list' in value ? value.list : 'lit' in value && Array.isArray(value.lit) ? value.lit.map((v: unknown) => ({ lit: v })) : [value];
  const names: string[] = [];
  for (const item of items) {
    const inner = 'call' in item && DATASET_CALL.test(item.call) && item.args[0] ? item.args[0] : item;
    const name = literal(inner);
    if (isUnmapped(name) || !isString(name.value) || !SHORT_DATASET.test(name.value)) {
      return { unmapped: `${'text' in item && item.text ? item.text : JSON.stringify('lit' in item ? item.lit : null)}: a dataset is written conn_id.table here (a URI names no connection)`, line: 'line' in value ? value.line : null };
    }
    names.push(name.value);
  }
  return mapped(names);
}
