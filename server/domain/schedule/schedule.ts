import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';
import { PRESET_NAMES, resolveSchedule } from './cron-presets';
import { tickAfter } from './cron-ticks';

export { describeSchedule } from './describe-schedule';

/** `interval`: Airflow 2's CronDataIntervalTimetable (the default); `trigger`: Airflow 3's CronTriggerTimetable. */
export type TTimetableKind = 'interval' | 'trigger';

export type TScheduleConfig = {
  /** A 5-field cron, a preset (`@daily`, `@once`, ...), or null for manual-only DAGs. */
  schedule: string | null;
  /** IANA name the cron is read in. */
  timezone: string;
  timetable: TTimetableKind;
  startDate: Date | null;
  endDate: Date | null;
  catchup: boolean;
};

/** Half-open [start, end) for the interval timetable; start === end for trigger runs. */
export type TDataInterval = { start: Date; end: Date };

export type TDagRunInfo = {
  logicalDate: Date;
  dataInterval: TDataInterval;
  /** When the run becomes due: the scheduler creates it once now >= runAfter. */
  runAfter: Date;
};

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;

/** Returns why `timezone` is not a usable IANA zone, or null when it is. */
export function validateTimezone(timezone: string): string | null {
  // Node's Intl also accepts raw offsets such as '+05:00'; those have no DST rules and no place
  // in an IANA database, so only names (which start with a letter) get through.
  if (IANA_NAME.test(timezone) && IANAZone.isValidZone(timezone)) return null;
  return `Unknown time zone '${timezone}': use an IANA name such as 'UTC' or 'Europe/Amsterdam'`;
}

// The answer for a (schedule, timezone) pair never changes, and finding it takes several cron
// parses and a time zone lookup (~1 ms): the scheduler asks it for every due DAG at every tick,
// and a workspace's DAGs share a handful of schedules. Bounded, as schedules are user input.
const verdicts = new Map<string, string | null>();
const VERDICTS_LIMIT = 1_000;

/** Returns why the schedule cannot be used in `timezone`, or null when it can. */
export function validateSchedule(schedule: string | null, timezone: string): string | null {
  const key = JSON.stringify([timezone, schedule]);
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = scheduleProblem(schedule, timezone);
  if (verdicts.size >= VERDICTS_LIMIT) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function scheduleProblem(schedule: string | null, timezone: string): string | null {
  const timezoneError = validateTimezone(timezone);
  if (timezoneError !== null) return timezoneError;
  const resolved = resolveSchedule(schedule);
  switch (resolved.kind) {
    case 'manual':
    case 'once':
      return null;
    case 'unknown_preset':
      return (
        `Unknown schedule preset '${resolved.preset}': ` +
        `use one of ${PRESET_NAMES.join(', ')}, a 5-field cron, or null for manual runs only`
      );
    case 'cron':
      return validateCron(resolved.cron, timezone);
  }
}

function validateCron(cron: string, timezone: string): string | null {
  const problem = cronProblem(cron, timezone);
  return problem === null ? null : `Invalid cron '${cron}': ${problem}`;
}

function cronProblem(cron: string, timezone: string): string | null {
  if (cron === '') return 'the schedule is empty: use null for manual runs only';
  const fields = cron.split(' ');
  if (fields.length !== FIELD_NAMES.length) {
    return `expected 5 fields (${FIELD_NAMES.join(' ')}), got ${fields.length}`;
  }
  for (const [index, field] of fields.entries()) {
    const problem = fieldProblem(field, index);
    if (problem !== null) return `${FIELD_NAMES[index]} field: ${problem}`;
  }
  try {
    CronExpressionParser.parse(cron, { tz: timezone });
  } catch (error) {
    return readableParserMessage(error);
  }
  // A syntactically valid cron can still never match (e.g. `0 0 31 2 *` is caught by the parser,
  // but not every impossible combination is); a fixed reference keeps the check clock-free.
  if (tickAfter(cron, timezone, new Date(Date.UTC(2000, 0, 1))) === null) {
    return 'it never fires';
  }
  return null;
}

/** Checks one field alone (the others `*`) so the message can name the field at fault. */
function fieldProblem(field: string, index: number): string | null {
  // cron-parser's `H` picks a random value per parse unless seeded: schedules would drift between
  // processes, so it is refused (Airflow does not support it either).
  if (/\bH\b/i.test(field)) return `'${field}': hashed values (H) are not supported`;
  const probe = FIELD_NAMES.map((_, i) => (i === index ? field : '*')).join(' ');
  try {
    CronExpressionParser.parse(probe, { tz: 'UTC' });
    return null;
  } catch (error) {
    return readableParserMessage(error);
  }
}

const PARSER_MESSAGE_REWRITES: ReadonlyArray<[RegExp, string]> = [
  [/^Constraint error, got value (\S+) expected range (\S+)$/, 'value $1 out of range $2'],
  [/^Constraint error, got range (\S+) expected range (\S+)$/, 'range $1 out of range $2'],
  [/^Invalid characters, got value: (.*)$/, "invalid characters in '$1'"],
  [/^Invalid explicit day of month definition$/, 'that day of the month never occurs in the chosen months'],
  [/^Constraint error, cannot repeat at every (\S+) time\.$/, 'step $1 must be at least 1'],
];

function readableParserMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, replacement] of PARSER_MESSAGE_REWRITES) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return message.replace(/^(Constraint|Validation) error, /, '');
}
