import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import { apiPath, type TApiClient } from '../api-client';
import { ZBackfillSchema, type TBackfillProgress, type TBackfillView } from '../api-schemas';
import type { TOutput } from '../output';

const FINAL_STATES = ['completed', 'cancelled'];

type TProgressDisplay = { update(backfill: TBackfillView): void; stop(): void };

/** A bar that redraws in place on a terminal. */
function barDisplay(planned: number): TProgressDisplay {
  const bar = new SingleBar({
    stream: process.stdout,
    format: 'Backfill [{bar}] {percentage}% | {value}/{total} runs done | running {running} | queued {queued} | failed {failed}',
    hideCursor: true,
  });
  bar.start(planned, 0, { running: 0, queued: 0, failed: 0 });
  return {
    update(backfill) {
      const p = backfill.progress;
      if (!p) return;
      bar.setTotal(Math.max(p.total, planned));
      bar.update(p.success + p.failed, { running: p.running, queued: p.queued, failed: p.failed });
    },
    stop: () => bar.stop(),
  };
}

/** Piped output (a CI log): one plain line each time the counts change, nothing in between. */
function lineDisplay(out: TOutput, planned: number): TProgressDisplay {
  let previous = '';
  return {
    update(backfill) {
      const p = backfill.progress;
      if (!p) return;
      const line = describeProgress(backfill.state ?? 'running', p, planned);
      if (line !== previous) out.say(line);
      previous = line;
    },
    stop: () => undefined,
  };
}

/**
 * The server counts the runs created so far, and the scheduler creates them step by step:
 * the plan's count is the total to show from the start.
 */
export function describeProgress(state: string, p: TBackfillProgress, planned: number): string {
  return `${state}: ${p.success + p.failed}/${Math.max(p.total, planned)} runs done (success ${p.success}, failed ${p.failed}, running ${p.running}, queued ${p.queued})`;
}

/**
 * Polls the backfill until it is completed or cancelled. SIGINT stops the waiting only: the
 * backfill is the server's and keeps running, which the caller tells the user.
 */
export async function followBackfill(
  api: TApiClient,
  out: TOutput,
  initial: TBackfillView & { id: string | number },
  options: { pollMs: number; planned: number },
): Promise<{ last: TBackfillView; interrupted: boolean }> {
  const { pollMs, planned } = options;
  const display = process.stdout.isTTY && !out.json ? barDisplay(planned) : lineDisplay(out, planned);
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.on('SIGINT', onSigint);
  let last: TBackfillView = initial;
  try {
    while (!FINAL_STATES.includes(last.state ?? '')) {
      display.update(last);
      await sleep(pollMs, undefined, { signal: interrupt.signal }).catch(() => undefined);
      if (interrupt.signal.aborted) break;
      last = await api.request('GET', apiPath`/backfills/${initial.id}`, ZBackfillSchema);
    }
    display.update(last);
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }
  return { last, interrupted: interrupt.signal.aborted };
}
