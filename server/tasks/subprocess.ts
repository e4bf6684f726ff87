import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as delay } from 'node:timers/promises';
import { TaskFailure, type TTaskRunContext } from './task-type';
import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';

export const DEFAULT_KILL_GRACE_MS = 5_000;
/** How often a dying group is checked; short, so a task that stops on SIGTERM ends promptly. */
const GROUP_POLL_MS = 50;
/** After the group is gone, a process that escaped it (setsid) may still hold our pipes. */
const STREAM_CLOSE_WAIT_MS = 1_000;
/** The side channel is for small results; more than this is a runaway child, not a result. */
const MAX_RESULT_CHANNEL_BYTES = 1024 * 1024;

export type TSubprocessOptions = {
  command: string;
  args: string[];
  /** The complete environment: start from baseSubprocessEnv(), never process.env. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin, which is then closed. Without it stdin is /dev/null. */
  stdin?: string;
  /** Opens a pipe on the child's file descriptor 3 and collects what the child writes there. */
  resultChannel?: boolean;
  /** Time between SIGTERM and SIGKILL to the process group. */
  killGraceMs?: number;
};

export type TSubprocessResult = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** ctx.signal was aborted while the process ran (or before it could start). */
  aborted: boolean;
  /** What the child wrote on fd 3 (with `resultChannel`), or null when it overflowed. */
  resultChannel?: string | null;
};

type TSubprocessContext = Pick<TTaskRunContext<TTaskTypeName>, 'log' | 'signal' | 'tempDir'>;

/**
 * Runs one child process for a task. The child leads its own process group (detached), so
 * everything it starts can be signalled at once: on abort the group gets SIGTERM, then SIGKILL
 * after the grace period; when the leader exits by itself, anything it left running in the
 * group is terminated the same way. The promise settles only once the group is gone.
 */
export async function runSubprocess(ctx: TSubprocessContext, options: TSubprocessOptions): Promise<TSubprocessResult> {
  if (ctx.signal.aborted) return { exitCode: null, signal: null, aborted: true };
  const stdio: StdioOptions = [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
  if (options.resultChannel) stdio.push('pipe');
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd ?? ctx.tempDir,
    // Next's types make NODE_ENV a required key of ProcessEnv; a task's env lacks it on purpose.
    env: options.env as NodeJS.ProcessEnv,
    detached: true,
    stdio,
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new TaskFailure(`Could not start ${options.command}: ${error.message}`)));
  });
  // Listen before awaiting `spawned`: a fast child could otherwise exit unobserved.
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
  const streams = [pipeLines(child.stdout, ctx.log.stdout), pipeLines(child.stderr, ctx.log.stderr)];
  const collected = options.resultChannel ? collect(child.stdio[3] as Readable | undefined) : undefined;
  await spawned;
  writeStdin(child, options.stdin);

  const pid = child.pid as number;
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  let aborted = false;
  let reaping: Promise<void> | undefined;
  const reap = () => (reaping ??= terminateGroup(pid, grace));
  const onAbort = () => {
    aborted = true;
    // Awaited again below, where a failure to signal surfaces; here it must not be unhandled.
    reap().catch(() => undefined);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  // An abort while the process was starting fired before the listener existed.
  if (ctx.signal.aborted) onAbort();
  try {
    const [exitCode, signal] = await exited;
    await reap();
    await closeStreams([child.stdout, child.stderr, child.stdio[3] as Readable | undefined], Promise.all(streams));
    return { exitCode, signal, aborted, ...(collected ? { resultChannel: await collected } : {}) };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

function writeStdin(child: ChildProcess, input: string | undefined): void {
  if (input === undefined || !child.stdin) return;
  // A child may exit without reading its input; EPIPE then is not the task's failure.
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
}

/** Sends each complete line to `emit` as it arrives; a last line without newline at the end. */
function pipeLines(stream: Readable | null, emit: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    if (!stream) return resolve();
    // The decoder keeps a multi-byte character that is split across two chunks whole.
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const emitLines = (text: string) => {
      const parts = (pending + text).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) emit(line.endsWith('\r') ? line.slice(0, -1) : line);
    };
    stream.on('data', (chunk: Buffer) => emitLines(decoder.write(chunk)));
    stream.on('error', () => undefined);
    stream.once('close', () => {
      emitLines(decoder.end());
      if (pending !== '') emit(pending);
      pending = '';
      resolve();
    });
  });
}

function collect(stream: Readable | undefined): Promise<string | null> {
  return new Promise((resolve) => {
    if (!stream) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESULT_CHANNEL_BYTES) chunks.push(chunk);
    });
    stream.on('error', () => undefined);
    stream.once('close', () => resolve(size > MAX_RESULT_CHANNEL_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
  });
}

/** Waits for the pipes to drain; a holder outside the group must not keep the task running. */
async function closeStreams(streams: Array<Readable | null | undefined>, drained: Promise<unknown>): Promise<void> {
  const timeout = new AbortController();
  const timedOut = delay(STREAM_CLOSE_WAIT_MS, 'timeout', { signal: timeout.signal }).catch(() => 'cancelled');
  const winner = await Promise.race([drained.then(() => 'drained'), timedOut]);
  timeout.abort();
  if (winner === 'timeout') for (const stream of streams) stream?.destroy();
  await drained;
}

/** SIGTERM to the group, SIGKILL to whatever is left after `graceMs`. No-op if the group is gone. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  if (!(await isGroupAlive(pgid))) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await delay(GROUP_POLL_MS);
    if (!(await isGroupAlive(pgid))) return;
  }
  signalGroup(pgid, 'SIGKILL');
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    // ESRCH: the group ended between the check and the signal, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Whether any process of the group still runs. `kill(-pgid, 0)` alone is not enough: where
 * PID 1 does not reap orphans (containers), killed grandchildren stay zombies in the group
 * forever, so on Linux we read /proc and ignore zombies.
 */
export async function isGroupAlive(pgid: number): Promise<boolean> {
  const members = await livingGroupMembers(pgid);
  if (members !== null) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of the group's processes that are not zombies; null where /proc is unavailable. */
export async function livingGroupMembers(pgid: number): Promise<number[] | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const pids = entries.filter((entry) => /^\d+$/.test(entry));
  const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null)));
  const living: number[] = [];
  for (const stat of stats) {
    if (stat === null) continue;
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') living.push(Number.parseInt(stat, 10));
  }
  return living;
}

/** The text for a task aborted from outside, naming the engine's reason when it gave one. */
export function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason !== '') return `Task aborted: ${reason}`;
  if (reason instanceof Error && reason.message !== '' && reason.name !== 'AbortError') return `Task aborted: ${reason.message}`;
  return 'Task aborted';
}
