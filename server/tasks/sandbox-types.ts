import type { TBind, TSandboxLimits } from './sandbox-args';

// The sandbox as its users see it. Apart from sandbox.ts (which builds one and starts a trial
// task through subprocess.ts), so subprocess.ts and task-type.ts can name it without a cycle.

/** What a sandboxed command needs to be started: bubblewrap's path and arguments. */
export type TWrappedCommand = {
  command: string;
  args: string[];
  /** The uid (and gid) bubblewrap starts as, when not the worker's own. */
  runAs?: number;
  /** One line for the task's log: who the task runs as, and its limits. */
  description: string;
  release(): void;
};

export type TWrapInput = { scratchDir: string; cwd?: string; mounts: TBind[]; command: string; args: string[] };

/** The task sandbox of this process, shared by every task it runs. */
export type TTaskSandbox = {
  limits: TSandboxLimits;
  /**
   * Whether bubblewrap's own namespace init counts in the task's process limit (it does in a
   * user namespace, where it runs as the task's uid; as root it does not).
   */
  initCountsAsTaskProcess: boolean;
  /** Prepares `scratchDir` for the task's uid and returns the command that runs `command` inside. */
  wrap(input: TWrapInput): Promise<TWrappedCommand>;
};
