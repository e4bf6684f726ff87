// Test-only: runs the real `tributary` command in a subprocess, as a user's shell would.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type TCliResult = { code: number | null; stdout: string; stderr: string };
export type TCliProcess = { child: ChildProcess; stdout(): string; stderr(): string; done: Promise<TCliResult> };

/**
 * Starts `node --import tsx cli/main.ts ...args` in the repository root. The parent's
 * DATABASE_URL and TRIBUTARY_* variables are not inherited: each test says what the CLI sees.
 */
export function startCli(args: string[], env: Record<string, string> = {}): TCliProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'DATABASE_URL' && !entry[0].startsWith('TRIBUTARY_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...inherited, NODE_ENV: process.env.NODE_ENV, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<TCliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<TCliResult> {
  return startCli(args, env).done;
}

/** `--json` output, parsed; the test fails with the CLI's own output when it is not JSON. */
export function parseJson<T = unknown>(result: TCliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
