import type { Variable } from 'liquidjs';
import { describeTemplateError, getLiquid } from './liquid-engine';
import { rewriteCallSyntax, type TRewrite } from './rewrite-call-syntax';
import { TEMPLATE_VARIABLES } from './template-context';
import { describePosition, offsetOf, positionOf } from './text-position';

const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

/** Objects of fixed shape whose properties can be checked; `var` and `conn` live in the database. */
const SHAPES: Readonly<Record<string, readonly string[]>> = {
  dag: ['dag_id'],
  task: ['task_id'],
  ti: ['dag_id', 'task_id', 'run_id', 'xcom', 'xcom_keys'],
};

/**
 * The problems in one template string, without real values: syntax errors, unknown filters
 * and tags, unknown top-level variables, unknown properties of dag/task/ti and, when
 * `knownParams` is given, unknown `params.x`. Empty when the template is fine. Uses LiquidJS's
 * static analysis, so names assigned inside the template and loop variables are not reported.
 */
export function checkTemplate(text: string, knownParams: readonly string[] | null): string[] {
  if (!text.includes('{')) return [];
  const rewrite = rewriteCallSyntax(text);
  if (!rewrite.ok) return [rewrite.error];
  const liquid = getLiquid();
  let globals: Record<string, Variable[]>;
  try {
    globals = liquid.analyzeSync(liquid.parse(rewrite.value.text), { partials: false }).globals;
  } catch (error) {
    return [describeTemplateError(error, text, rewrite.value)];
  }
  const problems = new Set<string>();
  for (const [name, uses] of Object.entries(globals)) {
    for (const use of uses) {
      const problem = checkUse(name, use, knownParams, `at ${locate(use, text, rewrite.value)}`);
      if (problem) problems.add(problem);
    }
  }
  return [...problems];
}

function checkUse(name: string, use: Variable, knownParams: readonly string[] | null, at: string): string | null {
  if (!KNOWN.has(name)) {
    return `unknown template variable '${name}' ${at} (known: ${TEMPLATE_VARIABLES.join(', ')})`;
  }
  const property = use.segments[1];
  if (typeof property !== 'string') return null; // absent or computed (params[key]): cannot tell
  if (name === 'params' && knownParams !== null && !knownParams.includes(property)) {
    const declared = knownParams.length > 0 ? `the DAG's params: ${knownParams.join(', ')}` : 'the DAG declares no params';
    return `unknown param '${property}' ${at} (${declared})`;
  }
  const shape = SHAPES[name];
  if (shape && !shape.includes(property)) {
    return `unknown template variable '${name}.${property}' ${at} (${name} has: ${shape.join(', ')})`;
  }
  return null;
}

function locate(use: Variable, source: string, rewrite: TRewrite): string {
  const offset = rewrite.toOriginalOffset(offsetOf(rewrite.text, { line: use.location.row, column: use.location.col }));
  return describePosition(positionOf(source, offset));
}
