import { z } from 'zod';
import { didYouMean } from './did-you-mean';

/** Old or foreign names people bring from Airflow's Python DAGs, with what to write instead. */
const RENAMED_FIELDS: Readonly<Record<string, string>> = {
  schedule_interval: 'schedule',
  timetable_interval: 'timetable',
  concurrency: 'max_active_tasks',
  task_concurrency: 'max_active_tasks',
  upstream: 'depends_on',
  dependencies: 'depends_on',
  operator: 'type',
};

export function unknownFieldMessage(key: string, known: readonly string[]): string {
  const renamed = RENAMED_FIELDS[key];
  if (renamed !== undefined && known.includes(renamed)) {
    return `unknown field '${key}' (did you mean '${renamed}'?)`;
  }
  return `unknown field '${key}'${didYouMean(key, known)}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Adds one `unrecognized_keys` issue per key of `value` that is not in `known`. That code (and
 * only that one) lets a pipe go on validating the rest of the object, so a typo does not hide the
 * object's other problems.
 */
export function reportUnknownFields(value: unknown, known: readonly string[], ctx: z.RefinementCtx): void {
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      ctx.addIssue({
        code: 'unrecognized_keys',
        keys: [key],
        message: unknownFieldMessage(key, known),
        input: value,
        continue: true,
      });
    }
  }
}

/**
 * An object that refuses unknown keys, one issue per key with a "did you mean" hint.
 * `z.strictObject` reports all unknown keys of an object in one issue without the allowed
 * names, so a problem could point neither at each key's line nor at the likely typo.
 */
export function strictObject<TShape extends z.ZodRawShape>(shape: TShape) {
  const known = Object.keys(shape);
  return z.preprocess((value: unknown, ctx) => {
    reportUnknownFields(value, known, ctx);
    return value;
  }, z.object(shape));
}
