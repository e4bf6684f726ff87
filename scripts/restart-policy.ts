/**
 * What `npm start` does when one of its processes (web, scheduler, worker) exits on its own:
 * restart it after a pause that doubles with each crash of the last minute (1 s, 2 s, 4 s...),
 * so a crash loop does not spin; stop everything, saying why, once it crashed too often in that
 * minute to be a passing fault.
 */
export const CRASH_WINDOW_MS = 60_000;
export const MAX_CRASHES_IN_WINDOW = 5;
const MAX_DELAY_MS = 16_000;

export type TRestartDecision = { restart: true; delayMs: number } | { restart: false; crashes: number };

/** `crashTimes`: this process's crashes so far, the latest last (ms). */
export function restartDecision(crashTimes: readonly number[], now: number): TRestartDecision {
  const recent = crashTimes.filter((time) => now - time < CRASH_WINDOW_MS).length;
  if (recent >= MAX_CRASHES_IN_WINDOW) return { restart: false, crashes: recent };
  return { restart: true, delayMs: Math.min(MAX_DELAY_MS, 1_000 * 2 ** Math.max(0, recent - 1)) };
}
