/**
 * MySQL's SQL rewritten, statement by statement, into text PostgreSQL's parser reads the same
 * way as far as tables go: backtick identifiers become double-quoted ones, MySQL's string
 * literals ('…' and "…" with backslash escapes) PostgreSQL's '…', `?` placeholders `$n`, `#`
 * and `-- ` comments blanks, `REPLACE INTO` and `INSERT IGNORE` plain `INSERT`, `USE db` a
 * `SET search_path` (its database is where unqualified names land). What cannot be rewritten
 * soundly (an executable comment `/*! … *\/`, a user variable) is refused with the reason,
 * never guessed; what PostgreSQL's parser then refuses is refused by the caller.
 */

/** One statement: its PostgreSQL-ready text, or why it is not followed. */
export type TMysqlStatement = { ok: true; text: string; use: boolean } | { ok: false; reason: string };

/**
 * `statements` in order (blank ones left out); `spellings`: for each name as PostgreSQL's parser
 * will give it back (an unquoted word folded to lower case, a quoted one as written), every
 * MySQL name that produced it, so a folded name can be given back its case (MySQL table names
 * are case-sensitive on Linux) or found ambiguous.
 */
export type TMysqlSqlText = { statements: TMysqlStatement[]; spellings: Map<string, Set<string>> };

type TToken =
  | { kind: 'space' | 'punct'; out: string }
  | { kind: 'word'; out: string; word: string }
  | { kind: 'ident'; out: string; name: string }
  | { kind: 'string' | 'placeholder'; out: string }
  | { kind: 'end' }
  | { kind: 'refused'; reason: string };

const WORD = /[A-Za-z0-9_$\u0080-\uffff]+/y;
const NUMBER = /(?:0x[0-9A-Fa-f]+|0b[01]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)(?![A-Za-z0-9_$\u0080-\uffff])/y;
/** Words that only tune how a MySQL INSERT or REPLACE runs, not what it writes. */
const INSERT_MODIFIERS = new Set(['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE']);
const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

const foldAscii = (word: string) => word.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
const pgString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const pgIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A quoted run from `start` (the opening quote): its content, with MySQL's doubling (and backslash escapes in strings). */
function readQuoted(sql: string, start: number, quote: string, backslashes: boolean): { content: string; end: number } | null {
  let content = '';
  for (let at = start + 1; at < sql.length; at++) {
    const char = sql[at]!;
    if (backslashes && char === '\\' && at + 1 < sql.length) {
      const next = sql[++at]!;
      // \% and \_ keep their backslash (LIKE patterns); others stand for the character.
      content += ESCAPES[next] ?? (next === '%' || next === '_' ? `\\${next}` : next);
    } else if (char === quote && sql[at + 1] === quote) {
      content += quote;
      at++;
    } else if (char === quote) return { content, end: at + 1 };
    else content += char;
  }
  return null;
}

function readComment(sql: string, at: number): { token: TToken; end: number } | null {
  const rest = sql.slice(at, at + 3);
  if (rest.startsWith('#') || (rest.startsWith('--') && (rest.length === 2 || /[\s\x00-\x1f]/.test(rest[2]!)))) {
    const newline = sql.indexOf('\n', at);
    return { token: { kind: 'space', out: ' ' }, end: newline === -1 ? sql.length : newline };
  }
  if (!rest.startsWith('/*')) return null;
  if (rest === '/*!' || sql.startsWith('/*M!', at)) {
    return { token: { kind: 'refused', reason: 'an executable comment /*! … */ (MySQL runs its content)' }, end: sql.length };
  }
  // MySQL's comments do not nest (PostgreSQL's do): the first */ ends it, so it becomes a blank.
  const close = sql.indexOf('*/', at + 2);
  return close === -1 ? { token: { kind: 'refused', reason: 'an unterminated /* comment' }, end: sql.length } : { token: { kind: 'space', out: ' ' }, end: close + 2 };
}

/** One token at `at`, as PostgreSQL should read it. */
function readToken(sql: string, at: number): { token: TToken; end: number } {
  const char = sql[at]!;
  const comment = readComment(sql, at);
  if (comment !== null) return comment;
  if (/\s/.test(char)) return { token: { kind: 'space', out: char }, end: at + 1 };
  if (char === ';') return { token: { kind: 'end' }, end: at + 1 };
  if (char === '?') return { token: { kind: 'placeholder', out: '' }, end: at + 1 };
  if (char === '`' || char === "'" || char === '"') {
    const quoted = readQuoted(sql, at, char, char !== '`');
    if (quoted === null) return { token: { kind: 'refused', reason: `an unterminated ${char} quote` }, end: sql.length };
    const token: TToken = char === '`' ? { kind: 'ident', out: pgIdent(quoted.content), name: quoted.content } : { kind: 'string', out: pgString(quoted.content) };
    return { token, end: quoted.end };
  }
  if (char === '@') return { token: { kind: 'refused', reason: 'a user or system variable (@name)' }, end: sql.length };
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(sql);
  if (number !== null) return { token: { kind: 'punct', out: number[0] }, end: at + number[0].length };
  WORD.lastIndex = at;
  const word = WORD.exec(sql);
  if (word !== null) {
    // A name with $ or a leading digit is one identifier to MySQL; PostgreSQL would read $ as a parameter or dollar quote.
    const asIdent = /\$|^\d/.test(word[0]);
    return { token: asIdent ? { kind: 'ident', out: pgIdent(word[0]), name: word[0] } : { kind: 'word', out: word[0], word: word[0] }, end: at + word[0].length };
  }
  // `--` not followed by a blank is two minus signs in MySQL, and a comment in PostgreSQL.
  if (sql.startsWith('--', at)) return { token: { kind: 'punct', out: '- ' }, end: at + 1 };
  return { token: { kind: 'punct', out: char }, end: at + 1 };
}

function tokenize(sql: string): TToken[] {
  const tokens: TToken[] = [];
  for (let at = 0; at < sql.length; ) {
    const { token, end } = readToken(sql, at);
    tokens.push(token);
    at = end;
  }
  return tokens;
}

const isBlank = (token: TToken) => token.kind === 'space';
const upperWord = (token: TToken | undefined) => (token?.kind === 'word' ? token.word.toUpperCase() : null);

/** `USE db` as `SET search_path`, the only form the lineage follows for a default schema. */
function useStatement(rest: TToken[]): TMysqlStatement {
  const [target, ...more] = rest;
  const name = target?.kind === 'word' ? target.word : target?.kind === 'ident' ? target.name : null;
  if (name === null || more.length > 0) return { ok: false, reason: 'a USE statement that names no single database' };
  return { ok: true, text: `set search_path = ${pgString(name)}`, use: true };
}

function statementOf(tokens: TToken[]): TMysqlStatement | null {
  const refused = tokens.find((token) => token.kind === 'refused');
  if (refused?.kind === 'refused') return { ok: false, reason: `it holds ${refused.reason}` };
  const first = tokens.findIndex((token) => !isBlank(token));
  if (first === -1) return null;
  const verb = upperWord(tokens[first]);
  if (verb === 'USE') return useStatement(tokens.slice(first + 1).filter((token) => !isBlank(token)));
  const parts = tokens.slice(first);
  if (verb === 'INSERT' || verb === 'REPLACE') {
    // REPLACE deletes the rows it collides with and inserts: for lineage, a write of its table, as INSERT.
    parts[0] = { kind: 'punct', out: 'insert' };
    for (let at = 1; at < parts.length && (isBlank(parts[at]!) || INSERT_MODIFIERS.has(upperWord(parts[at]) ?? '')); at++) {
      if (!isBlank(parts[at]!)) parts[at] = { kind: 'space', out: ' ' };
    }
  }
  let parameter = 0;
  const text = parts.map((token) => (token.kind === 'placeholder' ? `$${++parameter}` : 'out' in token ? token.out : '')).join('');
  return { ok: true, text, use: false };
}

function recordSpellings(tokens: TToken[], spellings: Map<string, Set<string>>): void {
  for (const token of tokens) {
    if (token.kind !== 'word' && token.kind !== 'ident') continue;
    const [folded, name] = token.kind === 'word' ? [foldAscii(token.word), token.word] : [token.name, token.name];
    const names = spellings.get(folded) ?? new Set<string>();
    names.add(name);
    spellings.set(folded, names);
  }
}

/** Splits MySQL text at its semicolons (outside quotes and comments) and rewrites each statement. */
export function mysqlSqlForPostgresParser(sql: string): TMysqlSqlText {
  const tokens = tokenize(sql);
  const spellings = new Map<string, Set<string>>();
  recordSpellings(tokens, spellings);
  const statements: TMysqlStatement[] = [];
  let current: TToken[] = [];
  for (const token of [...tokens, { kind: 'end' } as const]) {
    if (token.kind !== 'end') {
      current.push(token);
      continue;
    }
    const statement = statementOf(current);
    if (statement !== null) statements.push(statement);
    current = [];
  }
  return { statements, spellings };
}
