import { readdir, readFile } from 'node:fs/promises';

/** One process of a sandbox, as /proc shows it from the host. */
export type TTreeMember = { pid: number; depth: number };

export type TTreeUsage = {
  /** The task's processes (depth ≥ 2: below bubblewrap and the namespace's init). */
  members: TTreeMember[];
  /** Threads of those processes: what the kernel's process limit counts. */
  threads: number;
  /**
   * Their resident private memory together: anonymous pages and shared memory, not the pages of
   * binaries and libraries, which every process maps and the machine holds once (a thousand
   * bash processes "use" 2 GiB of resident memory but a tenth of it is theirs).
   */
  memoryBytes: number;
};

/**
 * For each root pid, what runs beneath it. A sandbox's processes are all descendants of its
 * bubblewrap process: inside a PID namespace an orphan is re-parented to the namespace's init,
 * which is bubblewrap's child, so no process can leave the tree. The tree is walked through each
 * thread's `children` list, so the cost is that of the sandboxes' own processes, not of every
 * process on the host.
 */
export async function usageOfTrees(roots: readonly number[]): Promise<Map<number, TTreeUsage>> {
  const usage = new Map<number, TTreeUsage>();
  await Promise.all(
    roots.map(async (root) => {
      const members: TTreeMember[] = [];
      let level = [root];
      for (let depth = 1; level.length > 0; depth++) {
        level = (await Promise.all(level.map(childrenOf))).flat();
        if (depth >= 2) members.push(...level.map((pid) => ({ pid, depth })));
      }
      const statuses = await Promise.all(members.map((member) => readStatus(member.pid)));
      let threads = 0;
      let memoryBytes = 0;
      for (const status of statuses) {
        threads += status?.threads ?? 0;
        memoryBytes += status?.memoryBytes ?? 0;
      }
      usage.set(root, { members, threads, memoryBytes });
    }),
  );
  return usage;
}

/** The children of every thread of `pid` (a thread that forks is the new process's parent). */
async function childrenOf(pid: number): Promise<number[]> {
  const threads = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const lists = await Promise.all(threads.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')));
  return lists.flatMap((list) => list.split(' ').filter((entry) => entry !== '').map(Number));
}

async function readStatus(pid: number): Promise<{ threads: number; memoryBytes: number } | null> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  if (text === null) return null;
  const threads = /^Threads:\s+(\d+)/m.exec(text);
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { threads: Number(threads?.[1] ?? 1), memoryBytes: (kilobytes('RssAnon') + kilobytes('RssShmem')) * 1024 };
}

/** Sends `signal` to each pid; one that is already gone is what we wanted. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

type TWatcher = (usage: TTreeUsage) => void;

/**
 * Samples the sandboxes' trees a few times a second, for the limits the kernel cannot enforce
 * per task (memory of all processes together) or cannot report (a task stuck at its process
 * limit). One timer serves every running sandbox of the worker. The pause between scans is at
 * least `intervalMs` and at least three times the last scan, so that with thousands of task
 * processes the watch costs the worker a bounded share of its time.
 */
export class ProcessTreeWatch {
  private readonly watchers = new Map<number, TWatcher>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs = 250) {}

  /** Calls `onSample` with the tree's usage after each scan, until the returned function is called. */
  watch(root: number, onSample: TWatcher): () => void {
    this.watchers.set(root, onSample);
    if (!this.timer) this.schedule(this.intervalMs);
    return () => {
      this.watchers.delete(root);
    };
  }

  private schedule(delayMs: number) {
    this.timer = setTimeout(() => void this.scan(), delayMs);
    this.timer.unref();
  }

  private async scan() {
    const started = performance.now();
    try {
      const usage = await usageOfTrees([...this.watchers.keys()]);
      for (const [root, sample] of usage) this.watchers.get(root)?.(sample);
    } finally {
      if (this.watchers.size > 0) this.schedule(Math.max(this.intervalMs, 3 * (performance.now() - started)));
      else this.timer = null;
    }
  }
}
