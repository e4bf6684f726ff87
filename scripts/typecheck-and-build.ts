/**
 * `npm test`'s first step: the type check (tsc) and the web build (scripts/build.ts, when the
 * build is stale) side by side, since neither reads what the other writes. tsc's output is held
 * back and printed after the build's, so the two never interleave; either failing fails the step.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT } from './migrate';

type TOutcome = { code: number | null; output: string };

function run(args: string[], options: { quiet: boolean }): Promise<TOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', options.quiet ? 'pipe' : 'inherit', options.quiet ? 'pipe' : 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const [typecheck, build] = await Promise.all([
  run([tsc, '--noEmit', '-p', 'tsconfig.json'], { quiet: true }),
  run(['--import', 'tsx', 'scripts/build.ts'], { quiet: false }),
]);
if (typecheck.output) process.stdout.write(typecheck.output);
if (typecheck.code !== 0) process.stderr.write(`tsc found type errors (exit ${typecheck.code})\n`);
if (build.code !== 0) process.stderr.write(`the web build failed (exit ${build.code})\n`);
process.exitCode = typecheck.code === 0 && build.code === 0 ? 0 : 1;
