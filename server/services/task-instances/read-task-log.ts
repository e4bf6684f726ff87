import { readAttemptLog } from '../../integrations/log-store';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { getTaskInstance } from './list-task-instances';

/** At most this much log text per page (unless the whole log is asked for): a 100,000-line log comes in parts. */
export const LOG_PAGE_BYTES = 1024 * 1024;
const CHUNKS_PER_QUERY = 500;

export type TTaskLogPage = {
  content: string;
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
  let bytes = 0;
  let lastSeq = input.afterSeq;
  for (;;) {
    const chunks = await readAttemptLog(ctx.db, attempt.id, lastSeq, CHUNKS_PER_QUERY);
    for (const chunk of chunks) {
      const size = Buffer.byteLength(chunk.content);
      if (!input.full && parts.length > 0 && bytes + size > LOG_PAGE_BYTES) return { content: parts.join(''), lastSeq, more: true };
      parts.push(chunk.content);
      bytes += size;
      lastSeq = chunk.seq;
    }
    if (chunks.length < CHUNKS_PER_QUERY) break;
  }
  return { content: parts.join(''), lastSeq, more: attempt.state === 'running' };
}
