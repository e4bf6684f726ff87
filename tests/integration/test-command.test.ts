import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/migrate';

// The `vitest` binary that `npm test` runs (its package exports no path to it).
const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** Runs `vitest run` on the integration project as `npm test` does, with its global setup (an embedded PostgreSQL). */
function runVitest(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration', file], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the test command', () => {
  // A test file of its own, written for this run only (a fixed file would fail every `npm test`).
  const file = path.join('tests', 'integration', `always-fails-${randomBytes(4).toString('hex')}.test.ts`);
  afterAll(() => rm(path.join(ROOT, file), { force: true }));

  it('exits non-zero when a test fails, with the summary saying so', async () => {
    await writeFile(path.join(ROOT, file), "import { expect, it } from 'vitest';\nit('fails on purpose', () => expect(1).toBe(2));\n");
    const result = await runVitest(file);
    expect(result.output).toMatch(/^Summary: 0 passed, 1 failed, 0 skipped$/m);
    expect(result.code, result.output).toBe(1);
  });
});
