import { resolveSchedule } from './cron-presets';

/**
 * Human words for the UI. Only the shapes people write most often get a sentence; anything else
 * shows the cron itself, which is more honest than a half-right paraphrase.
 */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAY_ABBREVIATIONS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const isNumber = (field: string): boolean => /^\d+$/.test(field);

function clock(hour: string, minute: string): string {
  return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

function weekdayName(field: string): string | null {
  if (isNumber(field)) return WEEKDAYS[Number(field) % 7] ?? null;
  const index = WEEKDAY_ABBREVIATIONS.indexOf(field.toUpperCase());
  return index === -1 ? null : (WEEKDAYS[index] ?? null);
}

function describeCron(cron: string, timezone: string): string | null {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.split(' ');
  if (minute === undefined || hour === undefined || dayOfMonth === undefined) return null;
  if (month === undefined || dayOfWeek === undefined) return null;
  const anyDay = dayOfMonth === '*' && month === '*';
  if (cron === '* * * * *') return 'every minute';
  const step = /^\*\/(\d+)$/.exec(minute)?.[1];
  if (step !== undefined && hour === '*' && anyDay && dayOfWeek === '*') return `every ${step} minutes`;
  if (!isNumber(minute)) return null;
  if (hour === '*' && anyDay && dayOfWeek === '*') return `every hour at minute ${minute}`;
  if (!isNumber(hour)) return null;
  const at = `at ${clock(hour, minute)} ${timezone}`;
  if (anyDay && dayOfWeek === '*') return `every day ${at}`;
  const weekday = weekdayName(dayOfWeek);
  if (anyDay && weekday !== null) return `every ${weekday} ${at}`;
  if (dayOfWeek !== '*' || !isNumber(dayOfMonth)) return null;
  if (month === '*') return `every month on day ${dayOfMonth} ${at}`;
  const monthName = isNumber(month) ? MONTHS[Number(month) - 1] : undefined;
  return monthName === undefined ? null : `every year on ${monthName} ${dayOfMonth} ${at}`;
}

export function describeSchedule(schedule: string | null, timezone: string): string {
  const resolved = resolveSchedule(schedule);
  switch (resolved.kind) {
    case 'manual':
      return 'manual only';
    case 'once':
      return 'once';
    case 'unknown_preset':
      return `unknown schedule ${resolved.preset}`;
    case 'cron':
      return describeCron(resolved.cron, timezone) ?? `cron ${resolved.cron} (${timezone})`;
  }
}
