/** An ISO timestamp as `YYYY-MM-DD HH:MM:SS UTC`: the same on the server and the client. */
export function formatTime(isoText: string | null): string {
  return isoText === null ? '—' : `${isoText.replace('T', ' ').slice(0, 19)} UTC`;
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
