/** How long a connection's "Test" may take, each step. */
export const PROBE_TIMEOUT_MS = 5_000;

/** `work`, or an error naming `what` once PROBE_TIMEOUT_MS have passed. */
export async function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${PROBE_TIMEOUT_MS / 1000} s ${what}`)), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
