import { afterEach, describe, expect, it } from 'vitest';
import { bashTask } from './bash';
import { livingGroupMembers } from './subprocess';
import { TaskFailure } from './task-type';
import { createTestContext, waitFor, type TTestContext } from './test-context';

let ctx: TTestContext<'bash'> | undefined;
afterEach(() => ctx?.cleanup());

async function run(config: Parameters<typeof createTestContext<'bash'>>[1]) {
  ctx = await createTestContext('bash', config);
  return { ctx, result: bashTask.run(ctx) };
}

describe('bash task', () => {
  it('never shows the worker’s DATABASE_URL or TRIBUTARY_SECRET_KEY to the command', async () => {
    process.env.DATABASE_URL = 'postgres://worker:secret@db/tributary';
    process.env.TRIBUTARY_SECRET_KEY = 'worker-secret-key';
    try {
      const { ctx, result } = await run({ bash_command: 'env', env: { GREETING: 'hello', PORT: 8080 } });
      await result;
      const env = ctx.log.of('stdout');
      expect(env.some((line) => line.startsWith('DATABASE_URL=') || line.startsWith('TRIBUTARY_SECRET_KEY='))).toBe(false);
      expect(env.join('\n')).not.toContain('secret');
      expect(env).toEqual(expect.arrayContaining(['GREETING=hello', 'PORT=8080', 'AIRFLOW_CTX_DAG_ID=test_dag', `HOME=${ctx.tempDir}`]));
    } finally {
      delete process.env.DATABASE_URL;
      delete process.env.TRIBUTARY_SECRET_KEY;
    }
  });

  it('succeeds on exit 0 with the last stdout line as output, logging the command and its code', async () => {
    const { ctx, result } = await run({ bash_command: 'echo first; echo last; echo warn >&2' });
    expect(await result).toEqual({ output: 'last' });
    expect(ctx.log.of('system')).toEqual([
      'Running command: echo first; echo last; echo warn >&2',
      'Command exited with return code 0',
    ]);
    expect(ctx.log.of('stderr')).toEqual(['warn']);
  });

  it('outputs "" when the command prints nothing', async () => {
    expect(await (await run({ bash_command: 'true' })).result).toEqual({ output: '' });
  });

  it('fails on exit 1 with Airflow’s message', async () => {
    const { ctx, result } = await run({ bash_command: 'echo trying; exit 1' });
    await expect(result).rejects.toThrow(new TaskFailure('Bash command failed. The command returned a non-zero exit code 1.'));
    expect(ctx.log.of('system')).toContain('Command exited with return code 1');
  });

  it('skips on exit 99', async () => {
    expect(await (await run({ bash_command: 'exit 99' })).result).toEqual({ skipped: true });
  });

  it('runs in the temp dir, or in cwd when given', async () => {
    const inTemp = await run({ bash_command: 'pwd' });
    expect(await inTemp.result).toEqual({ output: inTemp.ctx.tempDir });
    await inTemp.ctx.cleanup();
    expect(await (await run({ bash_command: 'pwd', cwd: '/usr' })).result).toEqual({ output: '/usr' });
  });

  it('fails clearly when cwd does not exist', async () => {
    const { result } = await run({ bash_command: 'pwd', cwd: '/no/such/dir' });
    await expect(result).rejects.toThrow('Can not find the cwd: /no/such/dir');
  });

  for (const command of ['echo $$; sleep 30', 'echo $$; sleep 30 & sleep 30']) {
    it(`on abort, kills \`${command}\` with all its processes and names the reason`, async () => {
      const { ctx, result } = await run({ bash_command: command });
      const pgid = Number(await waitFor(() => ctx.log.of('stdout')[0]));
      const started = Date.now();
      ctx.controller.abort(new Error('execution_timeout of 1s exceeded'));
      await expect(result).rejects.toThrow(new TaskFailure('Task aborted: execution_timeout of 1s exceeded'));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await livingGroupMembers(pgid)).toEqual([]);
    });
  }
});
