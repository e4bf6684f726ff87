// Runs one user-written async function body for the worker, in a process of its own started
// with the task's scrubbed environment (see script.ts). Plain JavaScript so that `node` runs it
// without a loader.
//
// Protocol: stdin carries one JSON object { code, argName, argValue, filename, typescript }.
// The function's console output goes to stdout/stderr as usual (the task log); the outcome goes
// to file descriptor 3 as one JSON envelope, so nothing the code prints can pose as its result:
//   { ok: true, json?: string }             json: the serialised return value (absent: undefined)
//   { ok: false, message: string, stack: string[] }
import { stripTypeScriptTypes } from 'node:module';
import { Socket } from 'node:net';
import vm from 'node:vm';

const MAX_RESULT_BYTES = 64 * 1024;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Compiles the body into an async function whose stack frames read `<filename>:<line of the body>`. */
function compile({ code, argName, filename, typescript }) {
  // The wrapper takes line 0 (lineOffset -1), so line numbers in stacks are the user's own.
  // Types are stripped from the wrapped text: a bare body with `return` is not a valid module.
  const wrapped = `(async function (${argName}) {\n${code}\n})`;
  const source = typescript ? stripTypeScriptTypes(wrapped, { mode: 'strip' }) : wrapped;
  const script = new vm.Script(source, {
    filename,
    lineOffset: -1,
    // Lets the code `await import('node:fs')` as a module would.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return script.runInThisContext();
}

function failure(error, filename) {
  if (!(error instanceof Error)) return { ok: false, message: `threw a non-error value: ${String(error)}`, stack: [] };
  const message = `${error.name}: ${error.message}`;
  if (error instanceof SyntaxError) return { ok: false, message, stack: syntaxLocation(error, filename) };
  // Only frames in the user's code help; the runner's own frames are noise to them.
  const stack = String(error.stack ?? '')
    .split('\n')
    .filter((line) => line.includes(`${filename}:`))
    .map((line) => line.trim());
  return { ok: false, message, stack };
}

/**
 * A syntax error's stack starts with "<file>:<line>", then source lines with a caret under the
 * spot. The type stripper's names no file, counts the wrapper's line and shows neighbouring
 * lines too, so only the location, the faulty line and the caret are kept.
 */
function syntaxLocation(error, filename) {
  const [first = '', ...rest] = String(error.stack ?? '').split('\n');
  const match = /^(.*?):(\d+)$/.exec(first);
  if (!match) return [];
  const line = match[1] === filename ? Number(match[2]) : Number(match[2]) - 1;
  const caret = rest.findIndex((text) => /^\s*\^+\s*$/.test(text));
  return caret > 0 ? [`${filename}:${line}`, rest[caret - 1], rest[caret]] : [`${filename}:${line}`];
}

function serialise(value) {
  if (value === undefined) return { ok: true };
  let json;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return { ok: false, message: `the returned value is not JSON-serialisable: ${error.message}`, stack: [] };
  }
  if (json === undefined) {
    return { ok: false, message: `the returned value is not JSON-serialisable: a ${typeof value} has no JSON form`, stack: [] };
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_RESULT_BYTES) {
    return {
      ok: false,
      message: `the returned value is ${bytes} bytes of JSON, over the 64 KiB limit of a task's output; write large data to a table and return a reference to it`,
      stack: [],
    };
  }
  return { ok: true, json };
}

function report(envelope) {
  const channel = new Socket({ fd: 3, readable: false, writable: true });
  // Exit as soon as the outcome is out: timers or sockets the code left open must not keep
  // the task running (stdout to a pipe is synchronous on Linux, so no output is lost).
  channel.end(JSON.stringify(envelope), () => process.exit(0));
}

const input = await readStdin();
let envelope;
try {
  const fn = compile(input);
  envelope = serialise(await fn(input.argValue));
} catch (error) {
  envelope = failure(error, input.filename);
}
report(envelope);
