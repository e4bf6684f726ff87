import { env } from '../server/env';
import { bashTask } from '../server/tasks/bash';
import { openTaskSandbox, sandboxSettings, type TTaskSandbox } from '../server/tasks/sandbox';
import { createTestContext } from '../server/tasks/test-context';
import { percentile } from './dag-benchmarks';

/**
 * The sandbox's cost per task: `bash: true` through the bash task type, sandboxed and not,
 * alternating so both see the same machine load. Overhead = sandboxed minus unsandboxed, at
 * each percentile. In-process (no queue, no database): only the process start differs.
 */
export async function benchSandboxOverhead(rounds = 200) {
  const status = await openTaskSandbox({ ...sandboxSettings(env()), mode: 'bwrap' });
  const sandbox = status.sandbox as TTaskSandbox;
  const timings = { sandboxed: [] as number[], unsandboxed: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    timings.unsandboxed.push(await timeBashTrue(null));
    timings.sandboxed.push(await timeBashTrue(sandbox));
  }
  const at = (p: number) => ({ sandboxed: percentile(timings.sandboxed, p), unsandboxed: percentile(timings.unsandboxed, p) });
  const p50 = at(50);
  const p95 = at(95);
  return { rounds, p50, p95, overheadP50: p50.sandboxed - p50.unsandboxed, overheadP95: p95.sandboxed - p95.unsandboxed };
}

async function timeBashTrue(sandbox: TTaskSandbox | null): Promise<number> {
  const ctx = await createTestContext('bash', { bash_command: 'true' }, { sandbox });
  try {
    const started = performance.now();
    await bashTask.run(ctx);
    return performance.now() - started;
  } finally {
    await ctx.cleanup();
  }
}
