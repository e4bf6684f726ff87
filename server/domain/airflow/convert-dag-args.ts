import type { TAirflowDag, TPyValue } from './airflow-description';
import { durationSeconds, isBoolean, isInteger, isRecord, isString, isUnmapped, literal, literalOf, mapped, schedule, specDate, type TMapped } from './airflow-values';
import { assign, report, type TImportContext } from './import-context';
import { convertCallback } from './convert-callbacks';
import { callbacksLast, convertDefaultArgs } from './convert-task-args';

/** DAG(...) arguments that map one to one, with their check. */
const LITERAL_FIELDS: Record<string, [string, (v: unknown) => boolean]> = {
  description: ['a string', isString],
  catchup: ['True or False', isBoolean],
  max_active_runs: ['a whole number', isInteger],
  max_active_tasks: ['a whole number', isInteger],
  concurrency: ['a whole number', isInteger],
  is_paused_upon_creation: ['True or False', isBoolean],
  doc_md: ['a string', isString],
  tags: ['a list of strings', (v) => Array.isArray(v) && v.every(isString)],
};
const IGNORED = new Set(['dag_id', 'default_view', 'orientation', 'render_template_as_native_object']);

export type TDagFields = { dagId: string | null; fields: Record<string, unknown> };

/** The spec fields of one DAG(...) / @dag(...), reporting each argument it cannot map. */
export function convertDagArgs(ctx: TImportContext, dag: TAirflowDag): TDagFields {
  const idValue = dag.kwargs.dag_id ?? dag.args[0];
  const id = idValue ? literalOf(idValue, 'a string', isString) : null;
  if (id === null || isUnmapped(id)) {
    const reason = id === null ? 'no dag_id' : `a dynamic dag_id (${id.unmapped})`;
    report(ctx, { line: dag.line, status: 'not_converted', subject: 'DAG', message: `${reason}: no spec written`, suggestion: 'give the DAG a literal dag_id, or write one spec per generated DAG' });
    return { dagId: null, fields: {} };
  }
  const subject = `DAG ${id.value}`;
  const fields: Record<string, unknown> = { dag_id: id.value };
  const scheduleValue = dag.kwargs.schedule ?? dag.kwargs.schedule_interval;
  if (scheduleValue === undefined) {
    fields.schedule = null;
    report(ctx, { line: dag.line, status: 'note', subject, message: 'no schedule: Airflow 2 runs such a DAG daily, Airflow 3 and this spec only when triggered' });
  } else {
    assign(ctx, fields, 'schedule', schedule(scheduleValue), subject, dag.line);
    if ('call' in scheduleValue && !isUnmapped(schedule(scheduleValue))) {
      report(ctx, { line: scheduleValue.line, status: 'note', subject, message: `the timedelta schedule became the cron '${String(fields.schedule)}': runs fall on the clock's boundaries, not at start_date plus whole intervals` });
    }
  }
  // Callbacks last: a DAG's on_failure_callback joins the default_args written before it.
  for (const [name, value] of callbacksLast(Object.entries(dag.kwargs))) {
    if (name === 'schedule' || name === 'schedule_interval' || IGNORED.has(name)) continue;
    convertDagArg(ctx, fields, name, value, subject, dag.line);
  }
  if (fields.doc_md === undefined && dag.docstring) fields.doc_md = dag.docstring;
  if (fields.catchup === undefined) {
    report(ctx, { line: dag.line, status: 'note', subject, message: 'catchup not given: Airflow 2 catches up by default, this spec (like Airflow 3) does not' });
  }
  moveStartDateFromDefaultArgs(fields);
  return { dagId: id.value, fields };
}

function convertDagArg(ctx: TImportContext, fields: Record<string, unknown>, name: string, value: TPyValue, subject: string, line: number): void {
  const simple = LITERAL_FIELDS[name];
  if (simple) {
    const field = name === 'concurrency' ? 'max_active_tasks' : name;
    assign(ctx, fields, field, literalOf(value, simple[0], (v): v is unknown => simple[1](v)), subject, line);
  } else if (name === 'start_date' || name === 'end_date') {
    const date = specDate(value);
    assign(ctx, fields, name, isUnmapped(date) ? date : mapped(date.value.date), subject, line);
    if (!isUnmapped(date) && date.value.timezone && date.value.timezone !== 'UTC') fields.timezone = date.value.timezone;
  } else if (name === 'dagrun_timeout') {
    assign(ctx, fields, name, durationSeconds(value), subject, line);
  } else if (name === 'params') {
    assign(ctx, fields, name, params(value), subject, line);
  } else if (name === 'default_args') {
    fields.default_args = convertDefaultArgs(ctx, value, subject, line);
  } else if (name === 'on_failure_callback') {
    // Airflow calls it once for a failed run; a spec alerts per failed task. The task that fails
    // is the run's failure, and later failures of the same incident thread under the first alert.
    const defaults = isRecord(fields.default_args) ? fields.default_args : (fields.default_args = {});
    const before = ctx.report.length;
    convertCallback(ctx, defaults, name, value, subject, line);
    if (ctx.report.slice(before).some((entry) => entry.status === 'converted')) {
      report(ctx, { line: 'line' in value ? value.line : line, status: 'note', subject: `${subject}: ${name}`, message: "Airflow calls a DAG's on_failure_callback once per failed run; it became default_args' on_failure, which alerts for each task that fails with no tries left (the incident threads them)" });
    }
  } else {
    report(ctx, { line: 'line' in value ? value.line : line, status: 'not_converted', subject: `${subject}: ${name}`, message: `the DAG argument ${name} has no equivalent in a Tributary spec` });
  }
}

/** `params={"x": 1}` or `{"x": Param(1, type="integer")}`: the defaults (Param's schema is not kept). */
function params(value: TPyValue): TMapped<Record<string, unknown>> {
  if (!('dict' in value)) return literalOf(value, 'a mapping', isRecord);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value.dict)) {
    const param = 'call' in item && /(^|\.)Param$/.test(item.call) ? item.args[0] ?? item.kwargs.default : item;
    const result = param ? literal(param) : { unmapped: `${key}: a Param without a default`, line: value.line };
    if (isUnmapped(result)) return result;
    out[key] = result.value;
  }
  return mapped(out);
}

/** default_args.start_date is where Airflow 1-style files set the DAG's start: the spec has it on the DAG. */
function moveStartDateFromDefaultArgs(fields: Record<string, unknown>): void {
  const defaults = fields.default_args;
  if (!isRecord(defaults)) return;
  const { __start_date: start, __timezone: timezone, ...rest } = defaults;
  if (start !== undefined && fields.start_date === undefined) fields.start_date = start;
  if (timezone !== undefined && fields.timezone === undefined) fields.timezone = timezone;
  fields.default_args = rest;
}
