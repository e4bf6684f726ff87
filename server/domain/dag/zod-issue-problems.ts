import type { z } from 'zod';
import type { TPath, TRawProblem } from './source-locator';
import { isRecord } from './strict-object';

type TIssue = z.core.$ZodIssue;

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

const EXPECTED: Readonly<Record<string, string>> = { array: 'list', object: 'mapping', record: 'mapping', int: 'whole number' };

/**
 * Messages for the issues whose schema did not set its own, passed to `safeParse` so that the
 * schema's own messages win; zod's defaults ("Invalid input: expected number, received string")
 * read like a stack trace to someone editing YAML.
 */
export function specErrorMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(issue.expected);
      return `expected ${article(EXPECTED[expected] ?? expected)}, got ${kindOf(issue.input)}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `list at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'email' ? `'${String(issue.input)}' is not an email address` : undefined;
    default:
      return undefined;
  }
}

function valueAt(root: unknown, path: TPath): unknown {
  let value = root;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && typeof segment === 'string') value = value[segment];
    else return undefined;
  }
  return value;
}

/**
 * Of the options a union tried, the one the user most likely meant: one that accepted the
 * value's shape (no type mismatch at its root), then the one with the fewest complaints.
 * Null when every option refused the value outright; the union's own message then says what fits.
 */
function closestOption(options: readonly TIssue[][]): TIssue[] | null {
  const scored = options
    .filter((issues) => !issues.some((issue) => issue.path.length === 0 && issue.code === 'invalid_type'))
    .sort((a, b) => a.length - b.length);
  return scored[0] ?? null;
}

/** Turns zod issues into problems at their paths; `raw` is the parsed document, to tell a missing field from a wrong one. */
export function problemsFromZodIssues(issues: readonly TIssue[], raw: unknown, prefix: TPath = []): TRawProblem[] {
  return issues.flatMap((issue): TRawProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: issue.keys.length === 1 ? issue.message : `unknown field '${key}'`,
      }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const option = closestOption(issue.errors);
      if (option !== null) return problemsFromZodIssues(option, raw, path);
    }
    if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) {
      const field = path[path.length - 1];
      if (typeof field === 'string' && isRecord(valueAt(raw, path.slice(0, -1)))) {
        return [{ path, message: `missing required field '${field}'` }];
      }
    }
    return [{ path, message: issue.message }];
  });
}
