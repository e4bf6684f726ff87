import { chown, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashTask } from './bash';
import { bubblewrapArguments } from './sandbox-args';
import { discoverHostView, openTaskSandbox, type TSandboxSettings, type TTaskSandbox } from './sandbox';
import { scriptTask } from './script';
import { runSubprocess } from './subprocess';
import { createRecordingLog, createTestContext, waitFor } from './test-context';

// Small limits, so that reaching them is quick and cheap on a 2-core machine.
const SETTINGS: TSandboxSettings = {
  mode: 'bwrap',
  limits: { memoryBytes: 256 * 1024 ** 2, maxProcesses: 64, maxOpenFiles: 256, maxFileSizeBytes: 1024 ** 2 },
  uids: { first: 2_000_000_000, count: 1_000_000 },
  extraPaths: [],
};

const SECRETS = {
  DATABASE_URL: 'postgresql://tributary:metadata-password-1f2e@127.0.0.1:5432/tributary',
  TRIBUTARY_SECRET_KEY: 'a'.repeat(64),
  AUTH_SECRET: 'session-signing-secret-9c8b',
};

let sandbox: TTaskSandbox;
let dataDir: string;

beforeAll(async () => {
  // mode 'bwrap': without a working bubblewrap these tests fail, saying how to install it.
  const status = await openTaskSandbox(SETTINGS);
  if (!status.sandboxed) throw new Error(status.summary);
  sandbox = status.sandbox;
  // The worker's secrets, where a worker keeps them: its environment and its data directory.
  Object.assign(process.env, SECRETS);
  dataDir = await mkdtemp(path.join(os.homedir(), '.tributary-sandbox-test-'));
  await writeFile(path.join(dataDir, 'secret.key'), `${SECRETS.TRIBUTARY_SECRET_KEY}\n`, { mode: 0o600 });
});

afterAll(async () => {
  for (const name of Object.keys(SECRETS)) delete process.env[name];
  await rm(dataDir, { recursive: true, force: true });
});

async function bash(command: string, options: { signal?: AbortSignal } = {}) {
  const ctx = await createTestContext('bash', { bash_command: command }, { sandbox });
  const outcome = await bashTask.run({ ...ctx, signal: options.signal ?? ctx.signal }).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
  );
  await ctx.cleanup();
  return { ...outcome, stdout: ctx.log.of('stdout'), stderr: ctx.log.of('stderr'), system: ctx.log.of('system') };
}

describe('the task sandbox', () => {
  it('runs the task as an unprivileged uid, never 0, inside and on the host, and says so in the log', { timeout: 15_000 }, async () => {
    // Long enough to be seen on the host, unique enough to be found there.
    const marker = `1.${1000 + Math.floor(Math.random() * 9000)}`;
    const running = bash(`id -u; sleep ${marker}`);
    const pid = await waitFor(async () => (await processesRunning(`sleep ${marker}`))[0], { what: 'the task on the host' });
    const hostUid = Number(/^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);
    const run = await running;
    expect(run.ok).toBe(true);
    expect(run.stdout).toEqual(['65534']);
    expect(hostUid).not.toBe(0);
    const line = run.system.find((text) => text.startsWith('Sandbox: bubblewrap, '));
    expect(line).toMatch(/limits: 256 MiB memory, 64 processes, 256 open files, 1 MiB per file$/);
    // A root worker gives each task a host uid of its own; an ordinary one runs it as itself.
    expect(hostUid).toBe(process.getuid?.() === 0 ? Number(/uid (\d+)/.exec(line ?? '')?.[1]) : process.getuid?.());
  });

  it('shows only the task’s own processes, so no other process’s environment can be read', async () => {
    const run = await bash(`ls /proc | grep -cE '^[0-9]+$'; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'; test -e /proc/${process.pid} && echo worker-visible`);
    expect(Number(run.stdout[0])).toBeLessThanOrEqual(5);
    const everything = [...run.stdout, ...run.stderr].join('\n');
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('worker-visible');
  });

  it('hides the data directory, the checkout and the home directory', async () => {
    const run = await bash(`for p in ${dataDir} ${dataDir}/secret.key ${process.cwd()} ${os.homedir()}; do test -e "$p" && echo "visible: $p"; done; cat ${dataDir}/secret.key`);
    expect(run.stdout.filter((line) => line.startsWith('visible'))).toEqual([]);
    expect(run.stderr.join('\n')).toContain('No such file or directory');
    expect([...run.stdout, ...run.stderr].join('\n')).not.toContain(SECRETS.TRIBUTARY_SECRET_KEY);
  });

  it('writes only in the attempt’s scratch directory', async () => {
    const run = await bash('for p in "$HOME/ok" /tmp/x /etc/x /usr/x /x /dev/shm/x; do touch "$p" 2>/dev/null && echo "wrote $p"; done');
    expect(run.stdout).toEqual([expect.stringMatching(/^wrote \/tmp\/tributary-task-bash-.*\/ok$/)]);
  });

  it('keeps outbound network: a server on the host answers the task', async () => {
    const server = http.createServer((_request, response) => response.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await bash(`exec 3<>/dev/tcp/127.0.0.1/${port}; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; tail -n 1 <&3`);
      expect(run.stdout.at(-1)).toBe('pong');
    } finally {
      server.close();
    }
  });

  it('ends a fork bomb as a task failure with the reason, while another task keeps running', async () => {
    const neighbour = bash('for i in $(seq 1 30); do sleep 0.1; done; echo survived');
    const bomb = await bash('bomb() { bomb | bomb & }; bomb; sleep 60');
    expect(bomb.ok).toBe(false);
    if (!bomb.ok) expect(bomb.error).toContain('limit of 64 processes and threads (TRIBUTARY_TASK_MAX_PROCESSES)');
    expect(bomb.system.some((line) => line.startsWith('Task killed: it reached the sandbox'))).toBe(true);
    const after = await neighbour;
    expect(after.ok).toBe(true);
    expect(after.stdout).toEqual(['survived']);
  });

  it('ends a task whose processes together pass the memory limit, with the reason', async () => {
    // Each process stays under the per-process limit; together they pass it.
    const run = await bash('for i in 1 2 3 4; do head -c 100M /dev/zero | tail -c 1 > /dev/null & (tail /dev/zero > /dev/null) & done; wait');
    expect(run.ok).toBe(false);
    if (!run.ok) expect(run.error).toMatch(/used [\d.]+ MiB of memory together, the sandbox's limit is 256 MiB \(TRIBUTARY_TASK_MEMORY_LIMIT\)/);
  });

  it('fails a 4 GiB allocation with the program’s reason and the limit', async () => {
    const ctx = await createTestContext('script', { code: 'const big = Buffer.alloc(4 * 1024 ** 3); return big.length;' }, { sandbox });
    await expect(scriptTask.run(ctx)).rejects.toThrow(/Array buffer allocation failed[\s\S]*limits a task to 256 MiB of memory \(TRIBUTARY_TASK_MEMORY_LIMIT\)/);
    await ctx.cleanup();
    const python = await bash('python3 -c "b = bytearray(4 * 1024 ** 3)"');
    expect(python.ok).toBe(false);
    expect(python.stderr.join('\n')).toContain('MemoryError');
    expect(python.system).toContain('An allocation failed: the sandbox limits a task to 256 MiB of memory (TRIBUTARY_TASK_MEMORY_LIMIT).');
  });

  it('stops a file at the file-size limit and names it', async () => {
    const run = await bash('head -c 2M /dev/zero > big');
    expect(run.ok).toBe(false);
    if (!run.ok) expect(run.error).toContain("exit code 153 (SIGXFSZ: a file reached the sandbox's limit of 1 MiB per file, TRIBUTARY_TASK_MAX_FILE_SIZE)");
  });

  it('sets the kernel limits, hard, before the command runs, and leaves no trace of how', async () => {
    const run = await bash('ulimit -d; ulimit -u; ulimit -n; ulimit -Hn; ulimit -f; ulimit -n 100000 2>/dev/null || echo cannot-raise; env | grep -c -e BASH_ENV -e TRIBUTARY_LIMIT');
    // Data segment: the limit plus 1 GiB of headroom, in KiB; file size in 1 KiB blocks.
    expect(run.stdout).toEqual([String(256 * 1024 + 1024 ** 2), '64', '256', '256', '1024', 'cannot-raise', '0']);
  });

  // SIGTERM, the grace period (5 s) for what ignores it, then the namespace ends.
  it('on abort, ends every process of the task, even one that left its session or ignores SIGTERM', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const marker = `${7000 + Math.floor(Math.random() * 1000)}.5`;
    const running = bash(`setsid sleep ${marker} & trap '' TERM; sleep ${marker}; echo done`, { signal: controller.signal });
    await waitFor(async () => (await commandLines()).some((line) => line.includes(`sleep ${marker}`)), { what: 'the task’s processes' });
    controller.abort(new Error('execution_timeout of 1s exceeded'));
    const run = await running;
    expect(run.ok).toBe(false);
    if (!run.ok) expect(run.error).toBe('Task aborted: execution_timeout of 1s exceeded');
    expect((await commandLines()).filter((line) => line.includes(`sleep ${marker}`))).toEqual([]);
  });

  it('as root where ordinary uids may not make user namespaces: setpriv drops to the task’s uid, with the same view', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'tributary-task-setpriv-'));
    const uid = 2_000_999_999;
    try {
      const args = bubblewrapArguments({
        host: await discoverHostView([]),
        tools: { setpriv: '/usr/bin/setpriv', prlimit: '/usr/bin/prlimit', bashLimits: path.resolve('server/tasks/sandbox-limits.sh') },
        identity: { kind: 'setpriv', uid },
        limits: SETTINGS.limits,
        scratchDir: scratch,
        mounts: [],
        command: '/bin/bash',
        args: ['-c', 'id -u; ls /proc | grep -cE "^[0-9]+$"; ulimit -u; for p in ok /tmp/x /x; do touch $p 2>/dev/null && echo "wrote $p"; done; grep ^CapEff /proc/self/status'],
      });
      const asRoot = process.getuid?.() === 0;
      if (asRoot) await chown(scratch, uid, uid);
      const log = createRecordingLog();
      const result = await runSubprocess({ log, signal: AbortSignal.timeout(20_000), tempDir: scratch }, { command: '/usr/bin/bwrap', args, env: { PATH: '/usr/bin:/bin' } });
      if (!asRoot) {
        // Only root may build namespaces without a user namespace, or switch uid.
        expect(result.exitCode).not.toBe(0);
        return;
      }
      expect({ exitCode: result.exitCode, stdout: log.of('stdout') }).toMatchObject({
        exitCode: 0,
        stdout: [String(uid), expect.any(String), '64', 'wrote ok', 'CapEff:\t0000000000000000'],
      });
      expect(Number(log.of('stdout')[1])).toBeLessThanOrEqual(4);
      expect((await stat(path.join(scratch, 'ok'))).uid).toBe(uid);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe('opening the sandbox', () => {
  it('refuses to start in bwrap mode when it cannot work, naming the reason', async () => {
    await expect(openTaskSandbox({ ...SETTINGS, extraPaths: ['/no/such/tool'] })).rejects.toThrow(
      'TRIBUTARY_TASK_SANDBOX=bwrap, but the task sandbox does not work on this machine: TRIBUTARY_TASK_SANDBOX_PATHS names /no/such/tool, which does not exist',
    );
  });

  it('in auto mode, runs tasks unsandboxed and says why', async () => {
    const status = await openTaskSandbox({ ...SETTINGS, mode: 'auto', extraPaths: ['/no/such/tool'] });
    expect(status).toMatchObject({ sandboxed: false, sandbox: null });
    expect(status.summary).toMatch(/^unavailable, task processes run unsandboxed: .*\/no\/such\/tool/);
  });

  it('off means off', async () => {
    expect(await openTaskSandbox({ ...SETTINGS, mode: 'off' })).toMatchObject({ sandboxed: false, summary: expect.stringContaining('TRIBUTARY_TASK_SANDBOX=off') });
  });
});

/** Every process's command line on the host. */
async function commandLines(): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const lines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
  return lines.map((line) => line.replaceAll('\0', ' '));
}

/** Host pids whose command line is `command`. */
async function processesRunning(command: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const lines = await Promise.all(pids.map(async (pid) => [Number(pid), (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim()] as const));
  return lines.filter(([, line]) => line === command).map(([pid]) => pid);
}
