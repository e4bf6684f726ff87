import { z } from 'zod';
import { ZDatasetRefSchema, type TDatasetRef } from './dataset-ref';
import { isRecord, unknownFieldMessage } from './strict-object';

/**
 * A DAG scheduled on datasets (Airflow's dataset/asset-triggered scheduling): it runs once the
 * condition holds over the datasets updated since its last such run. A plain list means all of
 * them; `{any: [...]}` and `{all: [...]}` nest (Airflow's DatasetAny and DatasetAll).
 */
export type TDatasetCondition = { op: 'all' | 'any'; items: TDatasetConditionItem[] };
export type TDatasetConditionItem = { dataset: TDatasetRef } | TDatasetCondition;

type TPathPart = string | number;
type TIssue = { path: TPathPart[]; message: string };

const CONDITION_FORMS = "write datasets as a list (all of them), or {any: [...]} / {all: [...]}";

/** The datasets a condition waits for, each once, in the order written. */
export function conditionDatasets(condition: TDatasetCondition): TDatasetRef[] {
  const seen = new Map<string, TDatasetRef>();
  const walk = (item: TDatasetConditionItem) => {
    if ('dataset' in item) seen.set(`${item.dataset.conn_id}\u0000${item.dataset.table}`, item.dataset);
    else item.items.forEach(walk);
  };
  walk(condition);
  return [...seen.values()];
}

/** Whether the datasets `updated` (by `keyOf` of a ref) satisfy the condition. */
export function isConditionSatisfied(condition: TDatasetCondition, isUpdated: (ref: TDatasetRef) => boolean): boolean {
  const holds = (item: TDatasetConditionItem): boolean => {
    if ('dataset' in item) return isUpdated(item.dataset);
    return item.op === 'all' ? item.items.every(holds) : item.items.some(holds);
  };
  return holds(condition);
}

function parseItems(value: unknown, path: TPathPart[], issues: TIssue[]): TDatasetConditionItem[] {
  if (!Array.isArray(value)) {
    issues.push({ path, message: `expected a list of datasets: ${CONDITION_FORMS}` });
    return [];
  }
  if (value.length === 0) issues.push({ path, message: 'list at least one dataset: a DAG scheduled on no dataset would never run' });
  return value.flatMap((item: unknown, index): TDatasetConditionItem[] => {
    const itemPath = [...path, index];
    if (isRecord(item) && ('any' in item || 'all' in item)) {
      const nested = parseCondition(item, itemPath, issues);
      return nested ? [nested] : [];
    }
    const ref = ZDatasetRefSchema.safeParse(item);
    if (ref.success) return [{ dataset: ref.data }];
    for (const issue of ref.error.issues) issues.push({ path: [...itemPath, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))], message: issue.message });
    return [];
  });
}

function parseCondition(value: unknown, path: TPathPart[], issues: TIssue[]): TDatasetCondition | null {
  if (Array.isArray(value)) return { op: 'all', items: parseItems(value, path, issues) };
  if (!isRecord(value)) {
    issues.push({ path, message: `expected datasets: ${CONDITION_FORMS}` });
    return null;
  }
  const keys = Object.keys(value);
  for (const key of keys.filter((key) => key !== 'any' && key !== 'all')) issues.push({ path: [...path, key], message: unknownFieldMessage(key, ['any', 'all']) });
  if (keys.includes('any') && keys.includes('all')) {
    issues.push({ path, message: 'write either any or all here, not both: nest one inside the other to combine them' });
    return null;
  }
  const op = keys.includes('any') ? 'any' : keys.includes('all') ? 'all' : null;
  if (op === null) {
    if (keys.length > 0) return null;
    issues.push({ path, message: `expected datasets: ${CONDITION_FORMS}` });
    return null;
  }
  return { op, items: parseItems(value[op], [...path, op], issues) };
}

export type TSchedule = string | { datasets: TDatasetCondition } | null;

/**
 * A DAG's `schedule`: a cron expression or preset, null (manual only), or `{datasets: ...}`.
 * Problems name the path inside the schedule, so the spec's locator finds their line.
 */
export const ZScheduleSchema = z.unknown().transform((value, ctx): TSchedule => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    if (value === '') ctx.addIssue({ code: 'custom', message: 'schedule must not be empty: leave it out or write null', input: value });
    return value;
  }
  if (!isRecord(value)) {
    ctx.addIssue({ code: 'custom', message: 'schedule must be a cron expression or preset, null, or {datasets: [...]}', input: value });
    return null;
  }
  const issues: TIssue[] = [];
  for (const key of Object.keys(value).filter((key) => key !== 'datasets')) issues.push({ path: [key], message: unknownFieldMessage(key, ['datasets']) });
  const condition = 'datasets' in value ? parseCondition(value.datasets, ['datasets'], issues) : null;
  if (!('datasets' in value) && issues.length === 0) issues.push({ path: [], message: 'a schedule mapping needs datasets: [conn_id.schema.table, ...]' });
  for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: value });
  return condition ? { datasets: condition } : null;
}).default(null);
