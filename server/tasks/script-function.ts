import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { abortMessage, memoryHint, runSubprocess } from './subprocess';
import { baseSubprocessEnv, TaskFailure, type TTaskRunContext } from './task-type';
import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';

export const MAX_OUTPUT_BYTES = 64 * 1024;
const RUNNER_PATH = fileURLToPath(new URL('./script-runner.mjs', import.meta.url));
/** Where the sandbox shows node and the runner: the checkout and node's own folder stay hidden. */
const SANDBOX_NODE = '/opt/tributary/bin/node';
const SANDBOX_RUNNER = '/opt/tributary/script-runner.mjs';

/** The runner's outcome on fd 3 (see script-runner.mjs); checked, as anything crossing a process. */
const ZRunnerEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), json: z.string().optional() }),
  z.object({ ok: z.literal(false), message: z.string(), stack: z.array(z.string()) }),
]);

export type TScriptFunction = {
  /** The body of an async function. */
  code: string;
  /** The name the body sees its argument by (`context`, `response`). */
  argName: string;
  argValue: unknown;
  /** Names the code in stack frames and messages (`script.ts`, `response_check`). */
  filename: string;
  typescript: boolean;
};

type TScriptContext = Pick<TTaskRunContext<TTaskTypeName>, 'log' | 'signal' | 'tempDir' | 'templateContext' | 'tryNumber' | 'sandbox'>;

/**
 * Runs user code in a separate `node` process with the task's scrubbed environment, so the code
 * can neither read the worker's secrets nor block or crash the worker. Resolves with the
 * function's return value (undefined when it returned nothing); throws TaskFailure otherwise.
 */
export async function runScriptFunction(ctx: TScriptContext, fn: TScriptFunction): Promise<unknown> {
  const sandboxed = Boolean(ctx.sandbox);
  const result = await runSubprocess(ctx, {
    command: sandboxed ? SANDBOX_NODE : process.execPath,
    // Stripping types warns that it is experimental on every run; that is not the task's output.
    args: ['--disable-warning=ExperimentalWarning', sandboxed ? SANDBOX_RUNNER : RUNNER_PATH],
    mounts: [
      { source: process.execPath, dest: SANDBOX_NODE },
      { source: RUNNER_PATH, dest: SANDBOX_RUNNER },
    ],
    env: baseSubprocessEnv(ctx),
    stdin: JSON.stringify(fn),
    resultChannel: true,
  });
  if (result.aborted) throw new TaskFailure(abortMessage(ctx.signal));
  if (result.limit) throw new TaskFailure(result.limit);
  const envelope = parseRunnerEnvelope(ZRunnerEnvelopeSchema, result.resultChannel);
  if (result.exitCode !== 0 || envelope === null) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${String(result.exitCode)}`;
    throw new TaskFailure(`${fn.filename} ${how} before returning a result (did the code call process.exit?)`);
  }
  if (!envelope.ok) {
    const hint = memoryHint([envelope.message], ctx.sandbox);
    const lines = [`${fn.filename} failed: ${envelope.message}`, ...envelope.stack.map((line) => `    ${line}`)];
    throw new TaskFailure((hint ? [...lines, hint] : lines).join('\n'));
  }
  return envelope.json === undefined ? undefined : runnerOutput(envelope.json, fn.filename);
}

/** What a runner wrote on its result channel (fd 3), read with its schema; null when it wrote nothing valid. */
export function parseRunnerEnvelope<T>(schema: z.ZodType<T>, text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A runner's output JSON, under a task output's cap: the runner enforces it too, but this side does not trust fd 3. */
export function runnerOutput(json: string, filename: string): unknown {
  if (Buffer.byteLength(json, 'utf8') > MAX_OUTPUT_BYTES) {
    throw new TaskFailure(`${filename} returned more than 64 KiB of JSON, the limit of a task's output`);
  }
  return JSON.parse(json) as unknown;
}
