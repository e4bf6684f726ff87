import type { PrismaClient } from '../db/client';
import { formatByteSize } from '../domain/byte-size';
import { logUsageMeter } from './workspace-log-usage';

export type TLogStream = 'stdout' | 'stderr' | 'system';
/**
 * `size` is what the line counts against the attempt's cap (0 for the writer's own truncation
 * line); `at` is when the worker received it, which the log viewer shows beside the line.
 */
type TLogLine = { stream: TLogStream; text: string; size: number; at: Date };

const FLUSH_MS = 200;
const FLUSH_BYTES = 64 * 1024;
const MASK = '***';

/**
 * Writes one attempt's log to the database as ordered chunks while the task runs, so it can be
 * read live: lines are buffered and flushed every 200 ms (or at 64 KiB). Secrets are replaced by
 * `***` before anything is stored. Past the attempt's cap, or once the workspace's daily log
 * budget is used up (see LogUsageMeter), one truncation line is written and
 * the rest dropped. Only this writer writes its attempt, so it numbers the chunks itself.
 */
export class AttemptLogWriter {
  private buffer: TLogLine[] = [];
  private bufferedBytes = 0;
  private bytes = 0;
  private truncated = false;
  private budgetSpent = false;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly secrets: string[];

  constructor(
    private readonly db: PrismaClient,
    private readonly attempt: { workspaceId: string; attemptId: string; startSeq?: number; startBytes?: number },
    private readonly capBytes: number,
    secrets: readonly (string | null | undefined)[],
  ) {
    // A rescheduled sensor's next poke writes on in its try's log, under the same cap.
    this.seq = attempt.startSeq ?? 0;
    this.bytes = attempt.startBytes ?? 0;
    // Longest first, so a secret that contains another is masked whole; very short values
    // (a 1-2 character password) would mask ordinary text everywhere, so they are left out.
    this.secrets = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 3))].sort((a, b) => b.length - a.length);
  }

  write(stream: TLogStream, line: string) {
    if (this.truncated) return;
    const text = this.mask(line);
    const size = Buffer.byteLength(text) + 1;
    if (this.bytes + size > this.capBytes) {
      this.truncated = true;
      this.push({ stream: 'system', text: `Log truncated: this attempt's log reached the ${formatByteSize(this.capBytes)} cap; further output is discarded.`, size: 0, at: new Date() });
      void this.flush();
      return;
    }
    this.bytes += size;
    this.push({ stream, text, size, at: new Date() });
  }

  /** Writes what is buffered; resolves once it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const lines = this.buffer;
    this.buffer = [];
    this.bufferedBytes = 0;
    if (lines.length > 0) this.writing = this.writing.then(() => this.store(lines));
    return this.writing;
  }

  async close(): Promise<{ bytes: number; truncated: boolean }> {
    await this.flush();
    // The day's row counts this attempt's bytes by the time its outcome is recorded.
    await logUsageMeter(this.db).sync();
    return { bytes: this.bytes, truncated: this.truncated };
  }

  private push(line: TLogLine) {
    this.buffer.push(line);
    this.bufferedBytes += line.text.length;
    if (this.bufferedBytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /**
   * Counts the flush against the workspace's daily budget (one statement per flush, not per
   * line) and keeps the lines that fit; once it is used up, the attempt stores one truncation
   * line and nothing more.
   */
  private async store(lines: TLogLine[]) {
    if (this.budgetSpent) return this.discard(lines);
    const sizes = lines.map((line) => Buffer.byteLength(line.text) + 1);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const meter = logUsageMeter(this.db);
    const usage = await meter.take(this.attempt.workspaceId, total);
    if (usage.allowed === total) return this.insertChunks(lines);
    let fits = 0;
    let kept = 0;
    while (fits < lines.length && kept + sizes[fits]! <= usage.allowed) kept += sizes[fits++]!;
    // Whole lines only: what was granted past the last line that fits is handed back.
    meter.give(this.attempt.workspaceId, usage.allowed - kept);
    this.budgetSpent = true;
    this.truncated = true;
    this.discard(lines.slice(fits));
    const notice = `Log truncated: workspace ${usage.workspaceSlug}'s daily log quota of ${formatByteSize(usage.budget)} is used up (resets at 00:00 UTC); further output is discarded.`;
    await this.insertChunks([...lines.slice(0, fits), { stream: 'system', text: notice, size: 0, at: new Date() }]);
  }

  /** Lines that were never stored do not count in the attempt's log size. */
  private discard(lines: TLogLine[]) {
    for (const line of lines) this.bytes -= line.size;
  }

  /** Consecutive lines of one stream become one chunk, with each line's time of arrival. */
  private async insertChunks(lines: TLogLine[]) {
    const chunks: { stream: TLogStream; content: string; lineTimes: Date[] }[] = [];
    for (const line of lines) {
      // A message written at once may hold several lines (a stack trace): each gets its time.
      const times = Array.from({ length: line.text.split('\n').length }, () => line.at);
      const last = chunks.at(-1);
      if (last && last.stream === line.stream) {
        last.content += `${line.text}\n`;
        last.lineTimes.push(...times);
      } else {
        chunks.push({ stream: line.stream, content: `${line.text}\n`, lineTimes: times });
      }
    }
    await this.db.logChunk.createMany({
      data: chunks.map((chunk) => ({ ...chunk, workspaceId: this.attempt.workspaceId, attemptId: this.attempt.attemptId, seq: this.seq++ })),
    });
  }

  /** The text with every secret of the attempt replaced by `***`: log lines, and the attempt's error message. */
  mask(line: string): string {
    let text = line;
    for (const secret of this.secrets) if (text.includes(secret)) text = text.replaceAll(secret, MASK);
    return text;
  }

  /** Every string inside a JSON value masked (a task's rendered fields may hold a rendered secret). */
  maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((item) => this.maskValue(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.maskValue(item)]));
    return value;
  }
}

/** One engine line added to a finished attempt's log (zombie detection, timeouts). */
export async function appendSystemLine(db: PrismaClient, attempt: { workspaceId: string; attemptId: string }, line: string) {
  await db.$executeRaw`
    insert into log_chunk ("workspaceId", "attemptId", seq, stream, content, "lineTimes")
    select ${attempt.workspaceId}, ${attempt.attemptId}, coalesce(max(seq) + 1, 0), 'system', ${`${line}\n`}, array[now()]
    from log_chunk where "attemptId" = ${attempt.attemptId}`;
}

/** An attempt's log from chunk `afterSeq` on (a live reader passes the last seq it saw). */
export async function readAttemptLog(db: PrismaClient, attemptId: string, afterSeq = -1, limit = 1000) {
  return db.logChunk.findMany({
    where: { attemptId, seq: { gt: afterSeq } },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { seq: true, stream: true, content: true, lineTimes: true, createdAt: true },
  });
}
