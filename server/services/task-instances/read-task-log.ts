import { readAttemptLog, type TLogStream } from '../../integrations/log-store';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { getTaskInstance } from './list-task-instances';

/** At most this much log text per page (unless the whole log is asked for): a 100,000-line log comes in parts. */
export const LOG_PAGE_BYTES = 1024 * 1024;
const CHUNKS_PER_QUERY = 500;

/** Each line's stream as one letter, so a page of 20,000 lines stays small: o, e or s. */
const STREAM_LETTER: Record<TLogStream, string> = { stdout: 'o', stderr: 'e', system: 's' };

export type TTaskLogPage = {
  content: string;
  /** One letter per line of `content`: `o` stdout, `e` stderr, `s` the engine's own lines. */
  lineStreams: string;
  /** Per line of `content`, when the worker received it (epoch milliseconds). */
  lineTimes: number[];
  /** The last chunk served (-1: none yet); the next page starts after it. */
  lastSeq: number;
  /** True when the page stopped at the size limit, or the attempt is still running and may write more. */
  more: boolean;
};

/**
 * One page of an attempt's log, whole chunks in order after `afterSeq`, up to LOG_PAGE_BYTES
 * (always at least one chunk, so a page is never empty while the log has more).
 */
export async function readTaskLog(
  ctx: TServiceContext,
  input: { dagId: string; runId: string; taskId: string; tryNumber: number; afterSeq: number; full: boolean },
): Promise<TTaskLogPage> {
  const instance = await getTaskInstance(ctx, input);
  // Read the attempt before its chunks: an attempt seen finished had written its whole log.
  const attempt = await ctx.db.taskAttempt.findUnique({
    where: { taskInstanceId_tryNumber: { taskInstanceId: instance.id, tryNumber: input.tryNumber } },
    select: { id: true, state: true },
  });
  if (!attempt) throw new AppError('not_found', `Task '${input.taskId}' of run '${input.runId}' has no try ${input.tryNumber}.`);
  const parts: string[] = [];
  const lines = { streams: [] as string[], times: [] as number[] };
  const page = (more: boolean): TTaskLogPage => ({ content: parts.join(''), lineStreams: lines.streams.join(''), lineTimes: lines.times, lastSeq, more });
  let bytes = 0;
  let lastSeq = input.afterSeq;
  for (;;) {
    const chunks = await readAttemptLog(ctx.db, attempt.id, lastSeq, CHUNKS_PER_QUERY);
    for (const chunk of chunks) {
      const size = Buffer.byteLength(chunk.content);
      if (!input.full && parts.length > 0 && bytes + size > LOG_PAGE_BYTES) return page(true);
      parts.push(chunk.content);
      addLines(lines, chunk);
      bytes += size;
      lastSeq = chunk.seq;
    }
    if (chunks.length < CHUNKS_PER_QUERY) break;
  }
  return page(attempt.state === 'running');
}

/**
 * A chunk's lines: its stream, and each line's time of arrival (a chunk stored before the
 * worker recorded times, or with fewer times than lines, falls back to when it was stored).
 */
function addLines(
  lines: { streams: string[]; times: number[] },
  chunk: { stream: string; content: string; lineTimes: Date[]; createdAt: Date },
) {
  const count = chunk.content.split('\n').length - 1;
  const letter = STREAM_LETTER[chunk.stream as TLogStream] ?? 'o';
  lines.streams.push(letter.repeat(count));
  for (let index = 0; index < count; index++) lines.times.push((chunk.lineTimes[index] ?? chunk.createdAt).getTime());
}
