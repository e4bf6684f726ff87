export type TTimePrecision = 'second' | 'minute';

/**
 * The one way the app prints a time: `2026-12-05 14:03:07 UTC`, or in another IANA zone with
 * that zone's abbreviation, `2026-12-05 15:03:07 CET` (where Intl knows none, its offset:
 * `GMT+9`). `—` when there is no time. Components call it through useFormatTime, which passes
 * the user's choice (UTC or the browser's zone).
 */
export function formatTime(isoText: string | null, timeZone = 'UTC', precision: TTimePrecision = 'second'): string {
  if (isoText === null) return '—';
  const instant = new Date(isoText);
  if (Number.isNaN(instant.getTime())) return isoText;
  const length = precision === 'second' ? 19 : 16;
  if (timeZone === 'UTC') return `${instant.toISOString().replace('T', ' ').slice(0, length)} UTC`;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  return `${text.slice(0, length)} ${zoneAbbreviation(instant, timeZone)}`;
}

/**
 * The zone's short name at that instant. en-US names only American zones (EST) and gives the
 * rest as GMT+1; en-GB names European ones (CET, BST): take the first that is a name.
 */
function zoneAbbreviation(instant: Date, timeZone: string): string {
  const names = ['en-US', 'en-GB'].map(
    (locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? timeZone,
  );
  return names.find((name) => !/^(GMT|UTC)[+-]/.test(name)) ?? names[0] ?? timeZone;
}

/** Seconds as `4.2 s`, `3 min 05 s` or `2 h 07 min`; `—` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${pad(whole % 60)} s`;
  return `${Math.floor(whole / 3600)} h ${pad(Math.floor((whole % 3600) / 60))} min`;
}

/** Seconds between two ISO timestamps, or null while the end is unknown. */
export function secondsBetween(startIso: string | null, endIso: string | null): number | null {
  return startIso === null || endIso === null ? null : (Date.parse(endIso) - Date.parse(startIso)) / 1000;
}
