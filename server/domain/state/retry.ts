import type { TDagTask } from '../dag/parse-dag-spec';

/**
 * Try numbers: `tryNumber` is the attempt that just finished, counting from 1 for the first
 * attempt (Airflow 2.10+ counts the same way). `maxTries` is the total number of attempts
 * allowed, retries + 1. Airflow's own `max_tries` column holds `retries` instead; the
 * behaviour is the same: with retries=2, attempts 1 and 2 are retried and attempt 3 is final.
 */
export function shouldRetry(tryNumber: number, maxTries: number): boolean {
  return tryNumber < maxTries;
}

/** Airflow's default for `[core] max_task_retry_delay`: a day. */
export const DEFAULT_MAX_RETRY_DELAY_SECONDS = 86_400;

export type TNextRetryInput = {
  tryNumber: number;
  retryDelaySeconds: number;
  exponentialBackoff: boolean;
  /** Caps the exponential delay only, as in Airflow; null or absent means a day. */
  maxRetryDelaySeconds?: number | null;
  finishedAt: Date;
  /** Identifies the task instance, e.g. `${dagId}#${taskId}#${runId}`; the try number is added here. */
  key: string;
};

/**
 * Airflow's TaskInstance.next_retry_datetime. Without backoff: finishedAt + retry delay.
 * With backoff: min_backoff = ceil(delay * 2^(tryNumber-1)), at least 1 s, plus a jitter in
 * [0, min_backoff) taken from a hash of the task instance and try number, so the delay lies
 * in [min_backoff, 2 * min_backoff) and many tasks failing together do not retry together;
 * the hash keeps the result the same every time the scheduler asks. Then capped.
 */
export function nextRetryAt(input: TNextRetryInput): Date {
  return new Date(input.finishedAt.getTime() + retryDelaySeconds(input) * 1000);
}

export function retryDelaySeconds(input: Omit<TNextRetryInput, 'finishedAt'>): number {
  if (!input.exponentialBackoff) return input.retryDelaySeconds;
  const minBackoff = Math.max(1, Math.ceil(input.retryDelaySeconds * 2 ** (input.tryNumber - 1)));
  const cap = input.maxRetryDelaySeconds ?? DEFAULT_MAX_RETRY_DELAY_SECONDS;
  // Past the cap the jitter is irrelevant, and min_backoff may be Infinity for huge try numbers.
  if (minBackoff >= cap) return cap;
  const jitter = fnv1a32(`${input.key}#${input.tryNumber}`) % minBackoff;
  return Math.min(cap, minBackoff + jitter);
}

/** 32-bit FNV-1a over UTF-16 code units: small, pure and stable across processes. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** How long a failed try waits before the next one, from the task's spec. How many tries it gets is the instance's own maxTries. */
export type TRetryPolicy = {
  retryDelaySeconds: number;
  exponentialBackoff: boolean;
  maxRetryDelaySeconds: number | null;
  /** Identifies the instance for the backoff's jitter: dag#task#run. */
  key: string;
};

/** The retry delays of a task as its spec says (Airflow's 300 s when the task is unknown). */
export function retryPolicyFor(task: TDagTask | null | undefined, key: string): TRetryPolicy {
  return {
    retryDelaySeconds: task?.retry_delay ?? 300,
    exponentialBackoff: task?.retry_exponential_backoff ?? false,
    maxRetryDelaySeconds: task?.max_retry_delay ?? null,
    key,
  };
}

/** The tries an instance may make in all once it is cleared after `tryNumber` tries (Airflow's max_tries = try_number + retries). */
export function maxTriesAfterClear(tryNumber: number, task: Pick<TDagTask, 'retries'> | null | undefined): number {
  return tryNumber + (task?.retries ?? 0) + 1;
}
