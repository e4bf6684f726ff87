import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as delay } from 'node:timers/promises';
import { formatByteSize } from '../domain/byte-size';
import { ProcessTreeWatch, signalAll, usageOfTrees, type TTreeUsage } from './process-tree';
import type { TBind } from './sandbox-args';
import type { TTaskSandbox } from './sandbox-types';
import { TaskFailure, type TTaskLog } from './task-type';

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
  /** Host files the command needs inside the sandbox (ignored without one). */
  mounts?: TBind[];
};

export type TSubprocessResult = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** ctx.signal was aborted while the process ran (or before it could start). */
  aborted: boolean;
  /** What the child wrote on fd 3 (with `resultChannel`), or null when it overflowed. */
  resultChannel?: string | null;
  /** Why the sandbox killed the task (a limit it reached), already written to the log. */
  limit?: string;
};

export type TSubprocessContext = {
  log: TTaskLog;
  signal: AbortSignal;
  /** The attempt's scratch directory: the child's cwd by default, and in the sandbox its only writable place. */
  tempDir: string;
  /** The task sandbox; null or absent runs the command as a plain child of the worker. */
  sandbox?: TTaskSandbox | null;
};

/** One /proc scanner for every sandboxed process of this worker. */
const treeWatch = new ProcessTreeWatch();

/**
 * Runs one child process for a task, in the sandbox when the context has one.
 *
 * Unsandboxed, the child leads its own process group (detached), so everything it starts can
 * be signalled at once: on abort the group gets SIGTERM, then SIGKILL after the grace period;
 * when the leader exits by itself, anything it left running in the group is terminated the same
 * way. Sandboxed, the child is bubblewrap and the task's processes live in its PID namespace:
 * on abort they get SIGTERM, then bubblewrap SIGKILL, which ends the namespace and everything
 * in it (a process cannot escape it with setsid); when the command exits, the namespace ends
 * with it. Either way the promise settles only once every process of the task is gone.
 */
export async function runSubprocess(ctx: TSubprocessContext, options: TSubprocessOptions): Promise<TSubprocessResult> {
  if (ctx.signal.aborted) return { exitCode: null, signal: null, aborted: true };
  const sandbox = ctx.sandbox ?? null;
  const wrapped = sandbox
    ? await sandbox.wrap({ scratchDir: ctx.tempDir, cwd: options.cwd, mounts: options.mounts ?? [], command: options.command, args: options.args })
    : null;
  if (wrapped) ctx.log.system(wrapped.description);
  try {
    return await runChild(ctx, options, wrapped && sandbox ? { ...wrapped, sandbox } : null);
  } finally {
    wrapped?.release();
  }
}

type TSandboxedCommand = { command: string; args: string[]; runAs?: number; sandbox: TTaskSandbox };

async function runChild(ctx: TSubprocessContext, options: TSubprocessOptions, sandboxed: TSandboxedCommand | null): Promise<TSubprocessResult> {
  const stdio: StdioOptions = [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
  if (options.resultChannel) stdio.push('pipe');
  const child: ChildProcess = spawn(sandboxed?.command ?? options.command, sandboxed?.args ?? options.args, {
    // bubblewrap changes into the task's directory itself (--chdir), inside the sandbox.
    cwd: sandboxed ? '/' : (options.cwd ?? ctx.tempDir),
    // Next's types make NODE_ENV a required key of ProcessEnv; a task's env lacks it on purpose.
    env: options.env as NodeJS.ProcessEnv,
    detached: true,
    stdio,
    // A root worker starts bubblewrap as the task's own uid (libuv switches before exec).
    ...(sandboxed?.runAs !== undefined ? { uid: sandboxed.runAs, gid: sandboxed.runAs } : {}),
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

  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const limits = sandboxed ? watchLimits(ctx.log, sandboxed.sandbox, child) : null;
  let aborted = false;
  let reaping: Promise<void> | undefined;
  const reap = () => (reaping ??= sandboxed ? terminateSandbox(child, grace) : terminateGroup(child.pid as number, grace));
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
    // A sandbox ends whole with its command; only an unsandboxed group may have leftovers.
    if (!sandboxed || reaping) await reap();
    await closeStreams([child.stdout, child.stderr, child.stdio[3] as Readable | undefined], Promise.all(streams));
    const limit = limits?.stop();
    return { exitCode, signal, aborted, ...(limit ? { limit } : {}), ...(collected ? { resultChannel: await collected } : {}) };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    limits?.stop();
  }
}

/**
 * Kills the sandbox when its processes together reach a limit the kernel does not enforce for
 * the task as a whole (memory) or cannot report (processes: at its limit a fork only fails, and
 * a fork bomb would spin until execution_timeout). The reason goes to the log at once.
 */
function watchLimits(log: TTaskLog, sandbox: TTaskSandbox, child: ChildProcess): { stop(): string | undefined } {
  let reached: string | undefined;
  const unwatch = treeWatch.watch(child.pid as number, (usage) => {
    if (reached !== undefined || child.exitCode !== null || child.signalCode !== null) return;
    reached = limitReached(usage, sandbox);
    if (reached === undefined) return;
    log.system(reached);
    child.kill('SIGKILL');
  });
  return {
    stop() {
      unwatch();
      return reached;
    },
  };
}

/** The message for a limit `usage` has reached, or undefined while it is within them. */
export function limitReached(usage: TTreeUsage, sandbox: Pick<TTaskSandbox, 'limits' | 'initCountsAsTaskProcess'>): string | undefined {
  const { limits } = sandbox;
  if (usage.memoryBytes >= limits.memoryBytes) {
    return `Task killed: its processes used ${formatByteSize(usage.memoryBytes)} of memory together, the sandbox's limit is ${formatByteSize(limits.memoryBytes)} (TRIBUTARY_TASK_MEMORY_LIMIT).`;
  }
  // The kernel counts threads against the limit, and in a user namespace bubblewrap's own init
  // too. A task held at the limit shows a little under it (forks in flight, children being
  // reaped), hence the margin.
  const counted = usage.threads + (sandbox.initCountsAsTaskProcess ? 1 : 0);
  if (counted >= limits.maxProcesses - Math.max(2, Math.floor(limits.maxProcesses / 100))) {
    return `Task killed: it reached the sandbox's limit of ${limits.maxProcesses} processes and threads (TRIBUTARY_TASK_MAX_PROCESSES); a command that forks without end (a fork bomb) stops here.`;
  }
  return undefined;
}

/**
 * SIGTERM to the task's processes, then, after `graceMs` or as soon as they are gone, SIGKILL to
 * bubblewrap, which takes the whole PID namespace with it. bubblewrap itself is signalled through
 * its ChildProcess, which never signals a pid that was already reaped (and maybe reused).
 */
async function terminateSandbox(child: ChildProcess, graceMs: number): Promise<void> {
  const running = () => child.exitCode === null && child.signalCode === null;
  const root = child.pid as number;
  const members = async () => (running() ? ((await usageOfTrees([root])).get(root)?.members ?? []) : []);
  const first = await members();
  if (first.length > 0) signalAll(first.map((member) => member.pid), 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (running() && Date.now() < deadline && (await members()).length > 0) await delay(GROUP_POLL_MS);
  if (running()) child.kill('SIGKILL');
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
 * Whether any process of the group still runs. `kill(-pgid, 0)` answers at once when nothing
 * is left, but not enough when something is: where PID 1 does not reap orphans (containers),
 * killed grandchildren stay zombies in the group forever, so then we read /proc and ignore
 * zombies.
 */
export async function isGroupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch {
    // ESRCH: not even a zombie is left, the common case once a command has exited.
    return false;
  }
  const members = await livingGroupMembers(pgid);
  return members === null || members.length > 0;
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

/**
 * What an exit code above 128 means: the command's process was killed by signal (code - 128),
 * as bubblewrap and shells report it. SIGXFSZ is the sandbox's file-size limit.
 */
export function exitCodeHint(exitCode: number, sandbox: Pick<TTaskSandbox, 'limits'> | null | undefined): string {
  if (exitCode <= 128 || exitCode > 128 + 64) return '';
  const name = Object.entries(os.constants.signals).find(([, number]) => number === exitCode - 128)?.[0];
  if (!name) return '';
  if (name === 'SIGXFSZ' && sandbox) {
    return ` (${name}: a file reached the sandbox's limit of ${formatByteSize(sandbox.limits.maxFileSizeBytes)} per file, TRIBUTARY_TASK_MAX_FILE_SIZE)`;
  }
  return ` (a process was killed by ${name})`;
}

const OUT_OF_MEMORY = /MemoryError|memory exhausted|Cannot allocate memory|out of memory|allocation failed/i;

/**
 * A hint for a failed sandboxed task whose output reads like a failed allocation: the kernel
 * refuses an allocation past the sandbox's memory limit, and the program reports it in its own
 * words (Python's MemoryError, coreutils' "memory exhausted", node's "allocation failed").
 */
export function memoryHint(output: readonly string[], sandbox: Pick<TTaskSandbox, 'limits'> | null | undefined): string | null {
  if (!sandbox || !output.some((line) => OUT_OF_MEMORY.test(line))) return null;
  return `An allocation failed: the sandbox limits a task to ${formatByteSize(sandbox.limits.memoryBytes)} of memory (TRIBUTARY_TASK_MEMORY_LIMIT).`;
}

/** The text for a task aborted from outside, naming the engine's reason when it gave one. */
export function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason !== '') return `Task aborted: ${reason}`;
  if (reason instanceof Error && reason.message !== '' && reason.name !== 'AbortError') return `Task aborted: ${reason.message}`;
  return 'Task aborted';
}
