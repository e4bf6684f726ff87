import { randomInt } from 'node:crypto';
import { access, chown, constants, lstat, mkdtemp, readlink, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatByteSize } from '../domain/byte-size';
import type { TEnv } from '../env';
import { bubblewrapArguments, type THostView, type TSandboxLimits, type TSandboxTools } from './sandbox-args';
import { RuntimeFiles } from './sandbox-runtime';
import type { TTaskSandbox } from './sandbox-types';
import { runSubprocess } from './subprocess';

export type { TSandboxLimits } from './sandbox-args';
export type { TTaskSandbox, TWrapInput, TWrappedCommand } from './sandbox-types';

export type TSandboxMode = 'bwrap' | 'auto' | 'off';

export type TSandboxSettings = {
  mode: TSandboxMode;
  limits: TSandboxLimits;
  /** Host uids for tasks when the worker is root: one per running task, never 0. */
  uids: { first: number; count: number };
  /** More read-only host paths for tasks (tools installed outside /usr, say /opt/oracle). */
  extraPaths: string[];
};

/** How this process runs task processes: in the sandbox, or why not. For logs and /status. */
export type TSandboxStatus =
  | { sandboxed: true; sandbox: TTaskSandbox; summary: string }
  | { sandboxed: false; sandbox: null; summary: string };

const BWRAP_LOCATIONS = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];
const BASH_LIMITS_SOURCE = fileURLToPath(new URL('./sandbox-limits.sh', import.meta.url));
const UTIL_LINUX_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/**
 * What of /etc a task sees: name resolution, certificates, time zones, the dynamic linker's
 * cache, users and groups (names only: /etc/shadow is not among them), the alternatives links
 * /usr/bin relies on, and Java's configuration (Debian links the JDK's conf folder here). Not
 * the rest of /etc, where an operator may keep configuration of their own, nor the host's name.
 * Each entry is one bind mount, which every task start pays for.
 */
const ETC_ENTRIES = [
  'passwd', 'group', 'hosts', 'resolv.conf', 'nsswitch.conf', 'host.conf', 'gai.conf', 'services', 'protocols',
  'localtime', 'ssl', 'pki', 'crypto-policies', 'alternatives', 'ld.so.cache', 'os-release', 'java-17-openjdk', 'java-21-openjdk',
];

export const INSTALL_HINT =
  'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora/RHEL: dnf install bubblewrap; Alpine: apk add bubblewrap)';

/**
 * Opens the sandbox `settings` ask for. `bwrap` insists: it throws, saying how to install or
 * allow bubblewrap, when a trial task cannot run in it. `auto` falls back to running tasks
 * unsandboxed and says so in the status. `off` never sandboxes.
 */
export async function openTaskSandbox(settings: TSandboxSettings): Promise<TSandboxStatus> {
  if (settings.mode === 'off') {
    return { sandboxed: false, sandbox: null, summary: 'off (TRIBUTARY_TASK_SANDBOX=off): task processes run unsandboxed, as the worker\'s user' };
  }
  const opened = await tryOpen(settings);
  if (opened.ok) return { sandboxed: true, sandbox: opened.sandbox, summary: opened.summary };
  if (settings.mode === 'bwrap') {
    throw new Error(`TRIBUTARY_TASK_SANDBOX=bwrap, but the task sandbox does not work on this machine: ${opened.reason}`);
  }
  return { sandboxed: false, sandbox: null, summary: `unavailable, task processes run unsandboxed: ${opened.reason} (set TRIBUTARY_TASK_SANDBOX=bwrap to refuse to run without it)` };
}

async function tryOpen(settings: TSandboxSettings): Promise<{ ok: true; sandbox: TTaskSandbox; summary: string } | { ok: false; reason: string }> {
  if (process.platform !== 'linux') return { ok: false, reason: `the sandbox needs Linux namespaces (this is ${process.platform})` };
  const bwrap = await firstExecutable(BWRAP_LOCATIONS);
  if (!bwrap) return { ok: false, reason: `bubblewrap is not installed: ${INSTALL_HINT}` };
  const [setpriv, prlimit] = await Promise.all([firstExecutable(inDirs('setpriv')), firstExecutable(inDirs('prlimit'))]);
  if (!setpriv || !prlimit) return { ok: false, reason: 'setpriv and prlimit (util-linux) are missing' };
  let host: THostView;
  try {
    host = await discoverHostView(settings.extraPaths);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const tools = { setpriv, prlimit, bashLimits: BASH_LIMITS_SOURCE };
  // As root, the cheaper launch first (one program start less per task); setpriv where the
  // kernel refuses user namespaces to ordinary uids (Ubuntu's AppArmor restriction, say).
  const launches: TLaunch[] = process.getuid?.() === 0 ? ['task-uid', 'setpriv'] : ['self'];
  const failures: string[] = [];
  for (const launch of launches) {
    const sandbox = createSandbox(bwrap, tools, host, settings, launch);
    const failure = await trial(sandbox);
    if (!failure) return { ok: true, sandbox, summary: `bubblewrap: ${LAUNCH_SUMMARY[launch](settings)}; ${describeLimits(settings.limits)}` };
    failures.push(failure);
  }
  return { ok: false, reason: failures.join('; as root with setpriv: ') };
}

/**
 * How bubblewrap is started.
 * - `self`: the worker is an ordinary user; bubblewrap makes a user namespace (the task is
 *   uid 65534 in it, the worker's uid on the host).
 * - `task-uid`: the worker is root; bubblewrap starts as a host uid of the task's own (never 0)
 *   and makes a user namespace as that uid.
 * - `setpriv`: the worker is root and ordinary uids may not make user namespaces; bubblewrap
 *   starts as root, and setpriv drops to the task's own uid before the command.
 */
type TLaunch = 'self' | 'task-uid' | 'setpriv';

const LAUNCH_SUMMARY: Record<TLaunch, (settings: TSandboxSettings) => string> = {
  self: () => 'uid 65534 in a user namespace',
  'task-uid': (settings) => `a host uid of its own per task from ${settings.uids.first}, 65534 in its user namespace`,
  setpriv: (settings) => `a host uid of its own per task from ${settings.uids.first}, dropped to by setpriv`,
};

export function describeLimits(limits: TSandboxLimits): string {
  return `limits: ${formatByteSize(limits.memoryBytes)} memory, ${limits.maxProcesses} processes, ${limits.maxOpenFiles} open files, ${formatByteSize(limits.maxFileSizeBytes)} per file`;
}

function createSandbox(bwrap: string, tools: TSandboxTools, host: THostView, settings: TSandboxSettings, launch: TLaunch): TTaskSandbox {
  const uids = new UidPool(settings.uids.first, settings.uids.count);
  const runtime = new RuntimeFiles();
  const limits = settings.limits;
  return {
    limits,
    // In a user namespace bubblewrap's init runs as the task's uid there, and counts.
    initCountsAsTaskProcess: launch !== 'setpriv',
    async wrap(input) {
      if (launch === 'self') {
        const args = bubblewrapArguments({ host, tools, identity: { kind: 'userns' }, limits, ...input });
        return { command: bwrap, args, release: () => undefined, description: `Sandbox: bubblewrap, ${LAUNCH_SUMMARY.self(settings)}, ${describeLimits(limits)}` };
      }
      const uid = uids.take();
      try {
        // The scratch directory is the task's: its uid owns it, nobody else may enter (0700).
        await chown(input.scratchDir, uid, uid);
        const args =
          launch === 'setpriv'
            ? bubblewrapArguments({ host, tools, identity: { kind: 'setpriv', uid }, limits, ...input })
            : bubblewrapArguments({
                host,
                // bubblewrap reads these as the task's uid: they must be where that uid can read them.
                tools: { ...tools, bashLimits: await runtime.visible(tools.bashLimits) },
                identity: { kind: 'userns' },
                limits,
                ...input,
                mounts: await Promise.all(input.mounts.map(async (mount) => ({ ...mount, source: await runtime.visible(mount.source) }))),
              });
        const inNamespace = launch === 'task-uid' ? ' (65534 in its user namespace)' : '';
        return {
          command: bwrap,
          args,
          ...(launch === 'task-uid' ? { runAs: uid } : {}),
          release: () => uids.give(uid),
          description: `Sandbox: bubblewrap, uid ${uid}${inNamespace}, ${describeLimits(limits)}`,
        };
      } catch (error) {
        uids.give(uid);
        throw error;
      }
    },
  };
}

/** Runs a trial command in the sandbox; returns why it failed, or null when it works. */
async function trial(sandbox: TTaskSandbox): Promise<string | null> {
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-sandbox-check-'));
  const output: string[] = [];
  const collect = (line: string) => void output.push(line);
  try {
    const result = await runSubprocess(
      { log: { stdout: collect, stderr: collect, system: () => undefined }, signal: AbortSignal.timeout(20_000), tempDir: scratchDir, sandbox },
      { command: '/bin/bash', args: ['-c', 'id -u'], env: { PATH: '/usr/bin:/bin' } },
    ).catch((error: unknown) => ({ exitCode: null, failed: error instanceof Error ? error.message : String(error) }));
    if (result.exitCode === 0 && output.length === 1 && output[0] !== '0') return null;
    const said = ('failed' in result ? result.failed : output.join(' ').trim()) || `exit code ${String(result.exitCode)}`;
    if (process.getuid?.() === 0 && /setpriv|setresuid|setgroups|EINVAL|EPERM/.test(said)) {
      return `bubblewrap started but could not switch to the task's uid (${said}); set TRIBUTARY_TASK_SANDBOX_UIDS to a range of uids that exist here (e.g. 60000-64999 inside a container with a remapped user namespace)`;
    }
    return `bubblewrap is installed but cannot create the task sandbox here (${said}). In a container, the worker needs permission to create user namespaces: see docker-compose.yaml`;
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** The read-only system tree tasks see, found once: which of the usual directories exist, and how. */
export async function discoverHostView(extraPaths: readonly string[]): Promise<THostView> {
  const view: THostView = { binds: [], symlinks: [] };
  for (const dir of SYSTEM_DIRS) {
    const info = await lstat(dir).catch(() => null);
    if (info?.isSymbolicLink()) view.symlinks.push({ target: await readlink(dir), path: dir });
    else if (info?.isDirectory()) view.binds.push({ source: dir, dest: dir });
  }
  for (const name of ETC_ENTRIES) {
    // Bound by their real path: /etc/resolv.conf is often a symlink into /run, which tasks do not see.
    const source = await realpath(path.join('/etc', name)).catch(() => null);
    if (source) view.binds.push({ source, dest: path.join('/etc', name) });
  }
  for (const extra of extraPaths) {
    const source = await realpath(extra).catch(() => null);
    if (!source) throw new Error(`TRIBUTARY_TASK_SANDBOX_PATHS names ${extra}, which does not exist`);
    view.binds.push({ source, dest: path.resolve(extra) });
  }
  return view;
}

/**
 * Host uids for tasks when the worker is root, one per running task: the kernel counts the
 * process limit per uid, so a task that forks without end exhausts only its own. Each worker
 * starts at a random point of the range, so workers on one host rarely pick the same uid.
 */
class UidPool {
  private readonly used = new Set<number>();
  private next: number;

  constructor(
    private readonly first: number,
    private readonly count: number,
  ) {
    this.next = randomInt(count);
  }

  take(): number {
    for (let tried = 0; tried < this.count; tried++) {
      const uid = this.first + ((this.next + tried) % this.count);
      if (!this.used.has(uid)) {
        this.used.add(uid);
        this.next = (this.next + tried + 1) % this.count;
        return uid;
      }
    }
    throw new Error(`All ${this.count} sandbox uids (TRIBUTARY_TASK_SANDBOX_UIDS) are in use by running tasks`);
  }

  give(uid: number) {
    this.used.delete(uid);
  }
}

function inDirs(name: string): string[] {
  return UTIL_LINUX_DIRS.map((dir) => path.join(dir, name));
}

async function firstExecutable(candidates: readonly string[]): Promise<string | null> {
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

/** The sandbox settings of this process's configuration. */
export function sandboxSettings(config: Pick<TEnv, 'TRIBUTARY_TASK_SANDBOX' | 'TRIBUTARY_TASK_MEMORY_LIMIT' | 'TRIBUTARY_TASK_MAX_PROCESSES' | 'TRIBUTARY_TASK_MAX_OPEN_FILES' | 'TRIBUTARY_TASK_MAX_FILE_SIZE' | 'TRIBUTARY_TASK_SANDBOX_UIDS' | 'TRIBUTARY_TASK_SANDBOX_PATHS'>): TSandboxSettings {
  return {
    mode: config.TRIBUTARY_TASK_SANDBOX,
    limits: {
      memoryBytes: config.TRIBUTARY_TASK_MEMORY_LIMIT,
      maxProcesses: config.TRIBUTARY_TASK_MAX_PROCESSES,
      maxOpenFiles: config.TRIBUTARY_TASK_MAX_OPEN_FILES,
      maxFileSizeBytes: config.TRIBUTARY_TASK_MAX_FILE_SIZE,
    },
    uids: config.TRIBUTARY_TASK_SANDBOX_UIDS,
    extraPaths: config.TRIBUTARY_TASK_SANDBOX_PATHS,
  };
}
