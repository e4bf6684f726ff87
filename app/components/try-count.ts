/**
 * "2 of 4": every try count the web app prints (the panel, the try tabs, the log header) comes
 * from here, with the task instance's own try_number and max_tries as the engine stores them.
 * A clear raises max_tries (server/domain/state/retry.ts), so an older try is counted against
 * the instance's max_tries now, never against what it was when that try started: that is what
 * made a log say "attempt 3 of 2" beside a panel saying "Tries 3 of 4".
 */
export function tryCount(tryNumber: number, maxTries: number): string {
  return `${tryNumber} of ${maxTries}`;
}
