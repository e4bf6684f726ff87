// Local command: imports the pure DAG-spec parser from server/domain, no server involved.
import { readFile } from 'node:fs/promises';
import { parseDagSpec } from '../../server/domain/dag/parse-dag-spec';
import { formatProblem, type TCliProblem } from '../cli-error';
import { createOutput } from '../output';

type TValidation =
  | { file: string; valid: true; dag_id: string; tasks: number }
  | { file: string; valid: false; problems: TCliProblem[] };

async function validateFile(file: string): Promise<TValidation> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { file, valid: false, problems: [{ path: '', line: null, column: null, message: `cannot read the file (${reason})` }] };
  }
  // No server here: connection and pool names cannot be checked against a workspace (deploy does that).
  const parsed = parseDagSpec(source);
  if (!parsed.ok) return { file, valid: false, problems: parsed.error };
  return { file, valid: true, dag_id: parsed.value.dag_id, tasks: parsed.value.tasks.length };
}

/** `validate <file...>`: every problem of every file, `file:line:col: path: message`; exit 1 if any. */
export async function validate(files: string[], options: { json?: boolean }): Promise<number> {
  const out = createOutput(options);
  const results: TValidation[] = [];
  for (const file of files) results.push(await validateFile(file));
  out.result({ results }, () => {
    for (const result of results) {
      if (result.valid) out.say(`${result.file}: OK (${result.dag_id}, ${result.tasks} task${result.tasks === 1 ? '' : 's'})`);
      else for (const problem of result.problems) out.say(formatProblem(result.file, problem));
    }
  });
  return results.every((result) => result.valid) ? 0 : 1;
}
