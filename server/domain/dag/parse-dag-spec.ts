import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { err, ok, type Result } from '../result';
import { checkSpecRules, type TSpecRuleOptions } from './check-spec-rules';
import { collectDagGraph } from './dag-graph';
import { ZDagSpecSchema } from './dag-spec';
import { normalizeDag, type TDag } from './normalize-dag';
import { createSourceLocator, type TSpecProblem } from './source-locator';
import { isRecord } from './strict-object';
import { problemsFromZodIssues, specErrorMessage } from './zod-issue-problems';

export type { TDag, TDagTask, TDagTaskSettings } from './normalize-dag';
export type { TSpecProblem } from './source-locator';
export { topologicalOrder } from './topological-order';
export type TParseDagSpecOptions = TSpecRuleOptions;

/** The parser's first line, plus a hint for `@daily` unquoted, the YAML mistake everyone makes once. */
function syntaxMessage(error: YAMLError, source: string): string {
  if (error.code === 'MULTIPLE_DOCS') return "a spec holds one DAG: remove the second '---' and what follows it";
  const first = error.message.split('\n')[0] ?? error.message;
  const char = source[error.pos[0]];
  return error.code === 'BAD_SCALAR_START' && (char === '@' || char === '`')
    ? `${first} (put the value in quotes, like "@daily")`
    : first;
}

function syntaxProblems(errors: readonly YAMLError[], lineCounter: LineCounter, source: string): TSpecProblem[] {
  return errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { path: '', line, column: col, message: syntaxMessage(error, source) };
  });
}

const byPosition = (a: TSpecProblem, b: TSpecProblem) =>
  (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
  (a.column ?? 0) - (b.column ?? 0);

/**
 * Reads a DAG spec written in YAML or JSON (JSON is YAML 1.2, so one parser places problems in
 * both) and returns the normalised DAG, or every problem found, each with its path and position.
 * Never throws on user input.
 */
export function parseDagSpec(source: string, options: TParseDagSpecOptions = {}): Result<TDag, TSpecProblem[]> {
  const lineCounter = new LineCounter();
  // `merge` lets specs share settings with YAML anchors (`<<: *defaults`).
  const doc = parseDocument(source, { lineCounter, merge: true, prettyErrors: false });
  if (doc.errors.length > 0) return err(syntaxProblems(doc.errors, lineCounter, source));
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // Only an alias bomb gets here: the document is well-formed but expands without bound.
    const message = error instanceof Error ? error.message : String(error);
    return err([{ path: '', line: 1, column: 1, message }]);
  }
  if (!isRecord(raw)) {
    const message = raw === null || raw === undefined ? 'the spec is empty' : 'a DAG spec must be a mapping of fields';
    return err([{ path: '', line: 1, column: 1, message: `${message}: start with dag_id and tasks` }]);
  }
  const locate = createSourceLocator(doc, lineCounter, source);
  const parsed = ZDagSpecSchema.safeParse(raw, { error: specErrorMessage });
  const graph = collectDagGraph(raw);
  const problems = [
    ...(parsed.success ? [] : problemsFromZodIssues(parsed.error.issues, raw)),
    ...graph.problems,
    ...checkSpecRules(raw, options),
  ].map(locate);
  if (!parsed.success || problems.length > 0 || graph.order === null) return err(problems.sort(byPosition));
  return ok(normalizeDag(parsed.data, graph.edges, graph.order));
}
