/**
 * The bubblewrap command line for one sandboxed task process. Pure: what the host offers (which
 * system directories exist, which are symlinks) is found once at start-up and passed in.
 */

export type TSandboxLimits = {
  /**
   * Resident memory of all the task's processes together (the worker watches it). Each process's
   * data segment is capped at this plus DATA_HEADROOM_BYTES, so that one huge allocation fails at
   * once instead of outrunning the watch.
   */
  memoryBytes: number;
  /** Processes and threads the task may have at once. */
  maxProcesses: number;
  maxOpenFiles: number;
  /** The largest file the task may write. */
  maxFileSizeBytes: number;
};

/** A host path shown read-only inside the sandbox, at `dest`. */
export type TBind = { source: string; dest: string };
/** A symlink inside the sandbox (merged-/usr systems: /bin -> usr/bin). */
export type TSymlink = { target: string; path: string };

/** The read-only part of the host a task sees: system directories and a few files of /etc. */
export type THostView = { binds: TBind[]; symlinks: TSymlink[] };

/**
 * Who the task runs as on the host.
 * - `setpriv`: the worker is root. bubblewrap builds the namespaces with root's rights, then
 *   setpriv drops to `uid` (a uid of its own per task, never 0) with no capabilities, so even
 *   the kernel sees an unprivileged user, and the process limit counts this task alone.
 * - `userns`: the worker is an ordinary user. bubblewrap makes a user namespace in which the
 *   task is uid 65534 (nobody); on the host it is the worker's own unprivileged uid.
 */
export type TSandboxIdentity = { kind: 'setpriv'; uid: number } | { kind: 'userns' };

export type TSandboxTools = {
  setpriv: string;
  prlimit: string;
  /** sandbox-limits.sh on the host: bash sets the limits itself before a bash task's command. */
  bashLimits: string;
};

/** Where the sandbox shows sandbox-limits.sh. */
export const BASH_LIMITS_PATH = '/opt/tributary/sandbox-limits.sh';
const BASH = '/bin/bash';

export type TSandboxCommand = {
  host: THostView;
  tools: TSandboxTools;
  identity: TSandboxIdentity;
  limits: TSandboxLimits;
  /** The attempt's scratch directory: the only writable place, at the same path as on the host. */
  scratchDir: string;
  cwd?: string;
  /** Extra read-only files or directories this command needs (the node binary of a script task). */
  mounts: TBind[];
  command: string;
  args: string[];
};

/**
 * Runtimes reserve address space they may never use, and the kernel counts writable
 * reservations in the data segment: V8 cannot even start under about 600 MiB. The headroom lets
 * a small memory limit still run node and python; their resident memory is what is limited.
 */
export const DATA_HEADROOM_BYTES = 1024 ** 3;

/** uid and gid of the task inside a user namespace. */
export const NOBODY = 65534;

/**
 * bubblewrap's arguments: new PID, IPC, UTS and mount namespaces (and a user namespace when
 * the worker is not root); a root made of read-only system directories, a private /proc that
 * shows only the task's processes, a minimal /dev, an empty read-only /tmp with the scratch
 * directory in it; the network is the host's (tasks call APIs and warehouses). Memory, processes,
 * open files and file size are capped by the kernel: a bash task's shell sets the limits itself
 * (sandbox-limits.sh, through BASH_ENV) before its command; any other command starts under prlimit.
 */
export function bubblewrapArguments(input: TSandboxCommand): string[] {
  const { identity, limits, tools } = input;
  // `bash -c` (every bash task) sets its limits itself, from BASH_ENV; anything else starts under prlimit.
  const bashSetsLimits = input.command === BASH && input.args[0] === '-c';
  const mounts = bashSetsLimits ? [...input.mounts, { source: tools.bashLimits, dest: BASH_LIMITS_PATH }] : input.mounts;
  const args = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent', '--hostname', 'tributary-task'];
  if (identity.kind === 'userns') args.push('--unshare-user', '--uid', String(NOBODY), '--gid', String(NOBODY));
  for (const link of input.host.symlinks) args.push('--symlink', link.target, link.path);
  // /tmp first: a read-only path an operator shares under /tmp is bound on top of it, not hidden.
  args.push('--proc', '/proc', '--dev', '/dev', '--perms', '0755', '--tmpfs', '/tmp');
  const opened = new Set<string>();
  const readOnly = (bind: TBind) => {
    // Directories bubblewrap creates on its own are private to root (0700), so the task could
    // not reach what is bound inside them: create each parent open (0755) first.
    const parent = parentOf(bind.dest);
    if (parent !== '/' && !opened.has(parent)) {
      opened.add(parent);
      args.push('--perms', '0755', '--dir', parent);
    }
    args.push('--ro-bind', bind.source, bind.dest);
  };
  input.host.binds.forEach(readOnly);
  args.push('--bind', input.scratchDir, input.scratchDir);
  mounts.forEach(readOnly);
  // What bubblewrap itself made (the root, /tmp, /dev, the folders above binds) belongs, in a
  // user namespace, to the task's own uid: read-only, so that the scratch directory is the only
  // place it writes (a writable tmpfs would also be memory outside the memory limit).
  args.push('--remount-ro', '/tmp', '--remount-ro', '/dev', '--remount-ro', '/');
  if (bashSetsLimits) {
    args.push(
      '--setenv', 'BASH_ENV', BASH_LIMITS_PATH,
      '--setenv', 'TRIBUTARY_LIMIT_DATA_KB', String(Math.floor((limits.memoryBytes + DATA_HEADROOM_BYTES) / 1024)),
      '--setenv', 'TRIBUTARY_LIMIT_PROCESSES', String(limits.maxProcesses),
      '--setenv', 'TRIBUTARY_LIMIT_OPEN_FILES', String(limits.maxOpenFiles),
      // ulimit -f counts blocks of 1024 bytes.
      '--setenv', 'TRIBUTARY_LIMIT_FILE_BLOCKS', String(Math.floor(limits.maxFileSizeBytes / 1024)),
    );
  }
  args.push('--chdir', input.cwd ?? input.scratchDir, '--');
  if (identity.kind === 'setpriv') {
    const id = String(identity.uid);
    args.push(tools.setpriv, `--reuid=${id}`, `--regid=${id}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--');
  }
  if (!bashSetsLimits) {
    args.push(
      tools.prlimit,
      `--data=${limits.memoryBytes + DATA_HEADROOM_BYTES}`,
      `--nproc=${limits.maxProcesses}`,
      `--nofile=${limits.maxOpenFiles}`,
      `--fsize=${limits.maxFileSizeBytes}`,
      '--',
    );
  }
  args.push(input.command, ...input.args);
  return args;
}

function parentOf(file: string): string {
  const index = file.lastIndexOf('/');
  return index <= 0 ? '/' : file.slice(0, index);
}
