import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { livingGroupMembers, runSubprocess } from './subprocess';
import { TaskFailure } from './task-type';
import { createTestContext, waitFor, type TTestContext } from './test-context';

let ctx: TTestContext<'bash'>;
afterEach(() => ctx.cleanup());

async function context() {
  ctx = await createTestContext('bash', { bash_command: 'unused' });
  return ctx;
}

function bash(script: string, extra: { killGraceMs?: number; env?: Record<string, string> } = {}) {
  return runSubprocess(ctx, { command: '/bin/bash', args: ['-c', script], env: extra.env ?? { PATH: '/usr/bin:/bin' }, killGraceMs: extra.killGraceMs });
}

/** Independent of the helper under test: a pid runs unless /proc lacks it or shows a zombie. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Waits until the child printed `count` stdout lines (pids), so an abort hits a running group. */
async function pidsPrinted(count: number): Promise<number[]> {
  const lines = await waitFor(() => (ctx.log.of('stdout').length >= count ? ctx.log.of('stdout') : null), { what: `${count} pids` });
  return lines.slice(0, count).map(Number);
}

describe('runSubprocess', () => {
  it('splits output into lines per stream and flushes a last line without newline', async () => {
    await context();
    const result = await bash(`printf 'one\\ntwo\\r\\n'; echo oops >&2; printf 'partial'`);
    expect(result).toEqual({ exitCode: 0, signal: null, aborted: false });
    expect(ctx.log.of('stdout')).toEqual(['one', 'two', 'partial']);
    expect(ctx.log.of('stderr')).toEqual(['oops']);
  });

  it('keeps a very long line whole', async () => {
    await context();
    await bash(`head -c 300000 /dev/zero | tr '\\0' x; echo; echo after`);
    expect(ctx.log.of('stdout').map((line) => line.length)).toEqual([300_000, 5]);
  });

  it('gives the child exactly the env passed, not the worker’s', async () => {
    await context();
    process.env.DATABASE_URL = 'postgres://secret@db/tributary';
    process.env.TRIBUTARY_SECRET_KEY = 'do-not-leak';
    try {
      await runSubprocess(ctx, { command: '/usr/bin/env', args: [], env: { ONLY: 'this' } });
    } finally {
      delete process.env.DATABASE_URL;
      delete process.env.TRIBUTARY_SECRET_KEY;
    }
    expect(ctx.log.of('stdout')).toEqual(['ONLY=this']);
  });

  it('runs in the temp dir unless given a cwd, and feeds stdin', async () => {
    await context();
    await runSubprocess(ctx, { command: '/bin/bash', args: ['-c', 'pwd; cat'], env: {}, stdin: 'from stdin\n' });
    expect(ctx.log.of('stdout')).toEqual([ctx.tempDir, 'from stdin']);
    await runSubprocess(ctx, { command: '/bin/pwd', args: [], env: {}, cwd: '/' });
    expect(ctx.log.of('stdout').at(-1)).toBe('/');
  });

  it('collects fd 3 apart from stdout when asked for a result channel', async () => {
    await context();
    const result = await runSubprocess(ctx, { command: '/bin/bash', args: ['-c', 'echo printed; echo result >&3'], env: {}, resultChannel: true });
    expect(result.resultChannel).toBe('result\n');
    expect(ctx.log.of('stdout')).toEqual(['printed']);
  });

  it('reports exit codes and signals', async () => {
    await context();
    expect(await bash('exit 3')).toMatchObject({ exitCode: 3, signal: null });
    expect(await bash('kill -USR1 $$')).toMatchObject({ exitCode: null, signal: 'SIGUSR1' });
  });

  it('on abort, ends the whole process group (bash and the sleep it started) within seconds', async () => {
    await context();
    const started = Date.now();
    const running = bash('echo $$; sleep 30 & echo $!; sleep 30');
    const [leader, grandchild] = await pidsPrinted(2);
    ctx.controller.abort('execution_timeout');
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await isRunning(leader!)).toBe(false);
    expect(await isRunning(grandchild!)).toBe(false);
    expect(await livingGroupMembers(leader!)).toEqual([]);
  });

  it('sends SIGKILL after the grace period to processes that ignore SIGTERM', async () => {
    await context();
    const running = bash(`trap '' TERM; echo $$; sleep 30; sleep 30`, { killGraceMs: 300 });
    const [leader] = await pidsPrinted(1);
    const aborted = Date.now();
    ctx.controller.abort();
    const result = await running;
    expect(result).toMatchObject({ aborted: true, signal: 'SIGKILL' });
    expect(Date.now() - aborted).toBeGreaterThanOrEqual(250);
    expect(Date.now() - aborted).toBeLessThan(3_000);
    expect(await livingGroupMembers(leader!)).toEqual([]);
  });

  it('terminates what a command left running in the background instead of waiting for it', async () => {
    await context();
    const started = Date.now();
    const result = await bash('sleep 30 & echo $!');
    const [background] = ctx.log.of('stdout').map(Number);
    expect(result).toMatchObject({ exitCode: 0, aborted: false });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await isRunning(background!)).toBe(false);
  });

  it('does not start a process when the task is already aborted', async () => {
    await context();
    ctx.controller.abort();
    expect(await bash('echo ran')).toEqual({ exitCode: null, signal: null, aborted: true });
    expect(ctx.log.lines).toEqual([]);
  });

  it('fails with TaskFailure when the command does not exist', async () => {
    await context();
    await expect(runSubprocess(ctx, { command: '/no/such/binary', args: [], env: {} })).rejects.toThrow(TaskFailure);
  });
});
