import { validateSchedule, validateTimezone } from '../schedule/schedule';
import { checkTemplate } from '../templating/check-template';
import { TASK_COMMON_FIELDS } from './dag-spec';
import { didYouMean } from './did-you-mean';
import { resolveSpecDate } from './spec-date';
import { untemplatedFields } from './task-configs';
import type { TPath, TRawProblem } from './source-locator';
import { isRecord } from './strict-object';

export type TSpecRuleOptions = {
  knownConnections?: readonly string[];
  knownPools?: readonly string[];
  /** DAG ids of the workspace a `trigger_dag` task may name (at least those its spec names); unchecked when absent. */
  knownDags?: readonly string[];
};

/** Every string inside `value` with its path (task configs nest: `env.FOO`, `sql[1]`, `source.url`). */
function stringsIn(value: unknown, path: TPath): Array<{ text: string; path: TPath }> {
  if (typeof value === 'string') return [{ text: value, path }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, [...path, i]));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => stringsIn(item, [...path, key]));
  return [];
}

function checkDates(spec: Readonly<Record<string, unknown>>, timezone: string): TRawProblem[] {
  const problems: TRawProblem[] = [];
  const scheduled = typeof spec.schedule === 'string' && spec.schedule !== '';
  if (scheduled && (spec.start_date === undefined || spec.start_date === null)) {
    problems.push({
      path: ['start_date'],
      at: ['schedule'],
      message: 'a scheduled DAG needs a start_date: the first data interval starts there',
    });
  }
  const asText = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
  const start = asText(spec.start_date);
  const end = asText(spec.end_date);
  if (typeof start !== 'string' || typeof end !== 'string') return problems;
  const [startAt, endAt] = [resolveSpecDate(start, timezone), resolveSpecDate(end, timezone)];
  if (startAt !== null && endAt !== null && endAt < startAt) {
    problems.push({ path: ['end_date'], message: `end_date ${end} is before start_date ${start}` });
  }
  return problems;
}

/**
 * Template fields are the type-specific ones: ids, rules and docs are never rendered, nor are
 * the type's untemplated fields (Python source).
 */
function checkTemplates(tasks: readonly unknown[], knownParams: readonly string[]): TRawProblem[] {
  const shared: readonly string[] = TASK_COMMON_FIELDS;
  return tasks.flatMap((task, i) => {
    if (!isRecord(task)) return [];
    const verbatim = untemplatedFields(task.type);
    return Object.entries(task)
      .filter(([key]) => !shared.includes(key) && !verbatim.includes(key))
      .flatMap(([key, value]) => stringsIn(value, ['tasks', i, key]))
      .flatMap(({ text, path }) => checkTemplate(text, knownParams).map((message) => ({ path, message })));
  });
}

type TConnectionUse = { conn_id: string; path: TPath };

/** Every `conn_id` field, however deep (`source.conn_id`, `target.conn_id`), and each id a `conn_ids` list names. */
function connIdFields(value: unknown, path: TPath): TConnectionUse[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => connIdFields(item, [...path, i]));
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, item]): TConnectionUse[] => {
    if (key === 'conn_id' && typeof item === 'string') return [{ conn_id: item, path: [...path, key] }];
    if (key === 'conn_ids' && Array.isArray(item)) {
      return item.flatMap((id, i) => (typeof id === 'string' ? [{ conn_id: id, path: [...path, key, i] }] : []));
    }
    return connIdFields(item, [...path, key]);
  });
}

/** The connection part of datasets written short, `warehouse.public.course`. */
function datasetShortForms(task: Readonly<Record<string, unknown>>, path: TPath): TConnectionUse[] {
  return (['inputs', 'outputs'] as const).flatMap((key) => {
    const refs = task[key];
    if (!Array.isArray(refs)) return [];
    return refs.flatMap((ref, i) =>
      typeof ref === 'string' && ref.includes('.') ? [{ conn_id: ref.split('.')[0] ?? '', path: [...path, key, i] }] : [],
    );
  });
}

function checkConnections(tasks: readonly unknown[], known: readonly string[]): TRawProblem[] {
  return tasks.flatMap((task, i) => {
    if (!isRecord(task)) return [];
    const path = ['tasks', i];
    return [...connIdFields(task, path), ...datasetShortForms(task, path)]
      .filter(({ conn_id }) => conn_id !== '' && !conn_id.includes('{{') && !known.includes(conn_id))
      .map(({ conn_id, path }) => ({ path, message: `unknown connection '${conn_id}'${didYouMean(conn_id, known)}` }));
  });
}

/** A task's pool (or default_args.pool) must exist: otherwise it would wait forever. */
function checkPools(spec: Readonly<Record<string, unknown>>, tasks: readonly unknown[], known: readonly string[]): TRawProblem[] {
  const unknown = (pool: unknown): pool is string => typeof pool === 'string' && pool !== '' && !known.includes(pool);
  const message = (pool: string) => `unknown pool '${pool}'${didYouMean(pool, known)} (pools are set up per workspace)`;
  const defaults = isRecord(spec.default_args) ? spec.default_args.pool : undefined;
  const problems: TRawProblem[] = unknown(defaults) ? [{ path: ['default_args', 'pool'], message: message(defaults) }] : [];
  tasks.forEach((task, i) => {
    if (isRecord(task) && unknown(task.pool)) problems.push({ path: ['tasks', i, 'pool'], message: message(task.pool) });
  });
  return problems;
}

/**
 * A `trigger_dag` task's target must be a DAG of the workspace, or this DAG itself (a loop is
 * allowed, as in Airflow). A templated id is only known at run time, and checked then.
 */
function checkTriggerTargets(spec: Readonly<Record<string, unknown>>, tasks: readonly unknown[], known: readonly string[]): TRawProblem[] {
  return tasks.flatMap((task, i): TRawProblem[] => {
    if (!isRecord(task) || task.type !== 'trigger_dag') return [];
    const target = task.trigger_dag_id;
    if (typeof target !== 'string' || target === '' || target === spec.dag_id || known.includes(target) || /\{[{%]/.test(target)) return [];
    return [{ path: ['tasks', i, 'trigger_dag_id'], message: `unknown DAG '${target}' in this workspace${didYouMean(target, known)}: deploy it first` }];
  });
}

/**
 * Rules that span fields or need other modules: schedule against time zone, dates, templates,
 * connections. They read the raw document, so they run even when other fields are invalid.
 */
export function checkSpecRules(spec: Readonly<Record<string, unknown>>, options: TSpecRuleOptions): TRawProblem[] {
  const timezone = typeof spec.timezone === 'string' && validateTimezone(spec.timezone) === null ? spec.timezone : 'UTC';
  const tasks = Array.isArray(spec.tasks) ? spec.tasks : [];
  const params = isRecord(spec.params) ? Object.keys(spec.params) : [];
  const problems: TRawProblem[] = [];
  // An empty schedule is already refused by the spec's schema, with a better message.
  if (typeof spec.schedule === 'string' && spec.schedule !== '') {
    const problem = validateSchedule(spec.schedule, timezone);
    if (problem !== null) problems.push({ path: ['schedule'], message: problem });
  }
  problems.push(...checkDates(spec, timezone), ...checkTemplates(tasks, params));
  if (options.knownConnections !== undefined) problems.push(...checkConnections(tasks, options.knownConnections));
  if (options.knownPools !== undefined) problems.push(...checkPools(spec, tasks, options.knownPools));
  if (options.knownDags !== undefined) problems.push(...checkTriggerTargets(spec, tasks, options.knownDags));
  return problems;
}
