/**
 * Object-key globs for S3 sources and sensors (`logs/2024-03-01/*.csv`): `*` and `?` within one
 * path segment, `**` across segments (`a/**` + `/b` also matches `a/b`), `[abc]`, `[a-z]` and `[!a]`.
 * A store lists by prefix only, so a pattern is listed by the fixed text before its first
 * wildcard and each listed key matched against the rest.
 */

const SPECIAL = /[*?[]/;

/** Whether `key` has a wildcard (an unclosed `[` is not one: it is matched as itself). */
export function hasGlob(key: string): boolean {
  return globPrefix(key) !== key;
}

function closingBracket(pattern: string, open: number): number {
  // A `]` right after `[` or `[!` is a member, as in shell globs.
  let index = open + 1;
  if (pattern[index] === '!' || pattern[index] === '^') index++;
  if (pattern[index] === ']') index++;
  const close = pattern.indexOf(']', index);
  return close;
}

/** The fixed text before the first wildcard: what a listing asks the store for. */
export function globPrefix(pattern: string): string {
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (!SPECIAL.test(char)) continue;
    if (char === '[' && closingBracket(pattern, index) === -1) continue;
    return pattern.slice(0, index);
  }
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function bracketClass(body: string): string {
  const negated = body.startsWith('!') || body.startsWith('^');
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
  // A negated class never matches the separator: `[!a]` stays within a segment like `?`.
  return negated ? `[^/${members}]` : `[${members}]`;
}

/** The pattern as an anchored regular expression over whole keys. */
export function globRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*' && pattern[index + 1] === '*') {
      const slashAfter = pattern[index + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      index += slashAfter ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[' && closingBracket(pattern, index) !== -1) {
      const close = closingBracket(pattern, index);
      source += bracketClass(pattern.slice(index + 1, close));
      index = close;
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

/** A key matcher: exact equality without wildcards, else the glob. */
export function globMatcher(pattern: string): (key: string) => boolean {
  if (!hasGlob(pattern)) return (key) => key === pattern;
  const regexp = globRegExp(pattern);
  return (key) => regexp.test(key);
}
