import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Where a problem was found: `path` like `tasks[2].depends_on[0]`; line and column 1-based in the source. */
export type TSpecProblem = { path: string; line: number | null; column: number | null; message: string };

export type TPath = readonly PropertyKey[];

/** A problem before it is placed in the source: `at` is where to point when it differs from `path`. */
export type TRawProblem = {
  path: TPath;
  message: string;
  /** Point at the key rather than its value (unknown fields). */
  atKey?: boolean;
  /** Index inside the string value (a flow line), to point at the exact token. */
  offset?: number;
  at?: TPath;
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatPath(path: TPath): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      if (!IDENTIFIER.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

type TFound = { node: Node; exact: boolean };

function findNode(doc: Document, path: TPath, atKey: boolean): TFound | null {
  let node: unknown = doc.contents;
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    const last = i === path.length - 1;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      next = pair && ((last && atKey) || isEmpty(pair.value) ? pair.key : pair.value);
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (!isNodeLike(next)) return isNodeLike(node) ? { node, exact: false } : null;
    node = next;
  }
  return isNodeLike(node) ? { node, exact: true } : null;
}

/** `key:` with nothing after it: point at the key, the value has no text of its own. */
const isEmpty = (value: unknown): boolean =>
  value === null || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1]);

const isNodeLike = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && 'range' in value && Array.isArray(value.range);

/**
 * Places problems in the source text. A path that does not exist (a missing field) points at the
 * nearest enclosing node, so "missing field 'sql'" lands on the task that lacks it.
 */
export function createSourceLocator(doc: Document, lineCounter: LineCounter, source: string) {
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const offsetOf = (found: TFound, inner: number | undefined): number => {
    const start = found.node.range?.[0] ?? 0;
    if (inner === undefined || !found.exact || !isScalar(found.node) || typeof found.node.value !== 'string') {
      return start;
    }
    // Quotes and escapes shift the text; when the value appears verbatim, point inside it.
    const written = source.slice(start, found.node.range?.[1] ?? start);
    const at = written.indexOf(found.node.value);
    return at < 0 ? start : start + at + inner;
  };

  return (problem: TRawProblem): TSpecProblem => {
    const found = findNode(doc, problem.at ?? problem.path, problem.atKey === true);
    const where = found === null ? { line: null, column: null } : position(offsetOf(found, problem.offset));
    return { path: formatPath(problem.path), ...where, message: problem.message };
  };
}
