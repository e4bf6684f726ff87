/**
 * Airflow's schedule presets and the resolution of a DAG's `schedule` string into what the
 * timetables work with. `@once` is not a cron: it is its own kind of schedule.
 */
export const CRON_PRESETS = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
} as const;

export const PRESET_NAMES = ['@once', ...Object.keys(CRON_PRESETS)] as const;

export type TResolvedSchedule =
  | { kind: 'manual' }
  | { kind: 'once' }
  | { kind: 'cron'; cron: string }
  | { kind: 'unknown_preset'; preset: string };

function isCronPreset(schedule: string): schedule is keyof typeof CRON_PRESETS {
  return Object.hasOwn(CRON_PRESETS, schedule);
}

/** Maps a schedule to its kind; does not validate cron syntax (see `validateSchedule`). */
export function resolveSchedule(schedule: string | null): TResolvedSchedule {
  if (schedule === null) return { kind: 'manual' };
  const trimmed = schedule.trim();
  if (trimmed === '@once') return { kind: 'once' };
  if (isCronPreset(trimmed)) return { kind: 'cron', cron: CRON_PRESETS[trimmed] };
  if (trimmed.startsWith('@')) return { kind: 'unknown_preset', preset: trimmed };
  // Normalise whitespace so equal crons compare equal and field splitting is trivial.
  return { kind: 'cron', cron: trimmed.split(/\s+/).join(' ') };
}
