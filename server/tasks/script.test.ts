import { afterEach, describe, expect, it } from 'vitest';
import { scriptTask } from './script';
import { livingGroupMembers } from './subprocess';
import { createTestContext, waitFor, type TTestContext } from './test-context';

let ctx: TTestContext<'script'> | undefined;
afterEach(() => ctx?.cleanup());

async function run(code: string) {
  ctx = await createTestContext('script', { code }, { template: { params: { region: 'eu' } } });
  return { ctx, result: scriptTask.run(ctx) };
}

describe('script task', () => {
  it('returns JSON built from the template context', async () => {
    const { result } = await run('return { ds: context.ds, region: context.params.region, n: [1, 2] };');
    expect(await result).toEqual({ output: { ds: '2024-03-01', region: 'eu', n: [1, 2] } });
  });

  it('accepts TypeScript type annotations, interfaces and await', async () => {
    const code = [
      'interface TRow { id: number; name: string }',
      'const rows: TRow[] = [{ id: 1, name: "a" }];',
      'const total: number = await Promise.resolve(rows.length as number);',
      'return { total };',
    ].join('\n');
    expect(await (await run(code)).result).toEqual({ output: { total: 1 } });
  });

  it('sends console output to the log', async () => {
    const { ctx, result } = await run('console.log("hello", context.ds); console.error("careful"); return 1;');
    await result;
    expect(ctx.log.of('stdout')).toEqual(['hello 2024-03-01']);
    expect(ctx.log.of('stderr')).toEqual(['careful']);
  });

  it('does not take a printed look-alike of the result channel as its output', async () => {
    const forged = JSON.stringify({ ok: true, json: '"forged"' });
    const { ctx, result } = await run(`console.log(${JSON.stringify(forged)}); process.stdout.write(${JSON.stringify(forged)}); return "real";`);
    expect(await result).toEqual({ output: 'real' });
    expect(ctx.log.of('stdout')).toEqual([forged, forged]);
  });

  it('has no output when the code returns nothing, and no worker env', async () => {
    process.env.TRIBUTARY_SECRET_KEY = 'worker-secret-key';
    try {
      const { ctx, result } = await run('console.log(JSON.stringify(Object.keys(process.env)));');
      expect(await result).toEqual({});
      expect(JSON.parse(ctx.log.of('stdout')[0]!)).not.toContain('TRIBUTARY_SECRET_KEY');
    } finally {
      delete process.env.TRIBUTARY_SECRET_KEY;
    }
  });

  it('fails when the output is over 64 KiB, saying so', async () => {
    await expect((await run('return "x".repeat(70 * 1024);')).result).rejects.toThrow(/over the 64 KiB limit/);
  });

  it('fails when the value is not JSON', async () => {
    await expect((await run('return 10n;')).result).rejects.toThrow(/not JSON-serialisable/);
    await expect((await run('const a: Record<string, unknown> = {}; a.self = a; return a;')).result).rejects.toThrow(/not JSON-serialisable/);
  });

  it('fails with the thrown message and the stack lines in the user’s code', async () => {
    const code = ['const x = 1;', 'function inner() {', '  throw new Error("no data for " + context.ds);', '}', 'inner();'].join('\n');
    const error: unknown = await (await run(code)).result.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Error);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('script.ts failed: Error: no data for 2024-03-01');
    // The user's lines 3 (the throw) and 5 (the call); nothing of the runner.
    expect(lines.slice(1).map((line) => line.trim())).toEqual(['at inner (script.ts:3:9)', 'at script.ts:5:1']);
  });

  it('reports a syntax error with its line', async () => {
    await expect((await run('const a = 1;\nreturn a +;')).result).rejects.toThrow(/^script\.ts failed: SyntaxError: .*\n +script\.ts:2\n +return a \+;\n +\^/);
  });

  it('fails when the code exits the process instead of returning', async () => {
    await expect((await run('process.exit(0);')).result).rejects.toThrow(/before returning a result/);
  });

  it('stops at once on abort, with its process', async () => {
    const { ctx, result } = await run('console.log(process.pid); await new Promise(() => setInterval(() => {}, 1000));');
    const pid = Number(await waitFor(() => ctx.log.of('stdout')[0]));
    ctx.controller.abort('marked failed from the UI');
    await expect(result).rejects.toThrow('Task aborted: marked failed from the UI');
    expect(await livingGroupMembers(pid)).toEqual([]);
  });
});
