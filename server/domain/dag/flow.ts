import { err, ok, type Result } from '../result';

/** `upstream >> downstream`, with where the operator that made it stands in the line (0-based). */
export type TFlowEdge = { upstream: string; downstream: string; offset: number };
/** A task id as written in the line, so an unknown one can be pointed at. */
export type TFlowMention = { task_id: string; offset: number };
export type TFlow = { edges: TFlowEdge[]; mentions: TFlowMention[] };
/** `offset` is the 0-based index in the line; `column` in the message is 1-based. */
export type TFlowError = { offset: number; message: string };

type TToken =
  | { kind: 'id'; text: string; offset: number }
  | { kind: '>>' | '<<' | '[' | ']' | ','; offset: number }
  | { kind: 'end'; offset: number };

const ID_CHAR = /[A-Za-z0-9_.-]/;

function tokenize(line: string): Result<TToken[], TFlowError> {
  const tokens: TToken[] = [];
  let i = 0;
  while (i < line.length) {
    const char = line[i] ?? '';
    const pair = line.slice(i, i + 2);
    if (/\s/.test(char)) {
      i += 1;
    } else if (pair === '>>' || pair === '<<') {
      tokens.push({ kind: pair, offset: i });
      i += 2;
    } else if (char === '[' || char === ']' || char === ',') {
      tokens.push({ kind: char, offset: i });
      i += 1;
    } else if (ID_CHAR.test(char)) {
      const start = i;
      while (i < line.length && ID_CHAR.test(line[i] ?? '')) i += 1;
      tokens.push({ kind: 'id', text: line.slice(start, i), offset: start });
    } else {
      return err(failure(i, `unexpected '${char}'`));
    }
  }
  tokens.push({ kind: 'end', offset: line.length });
  return ok(tokens);
}

const failure = (offset: number, what: string): TFlowError => ({
  offset,
  message: `${what} at column ${offset + 1}: write flow lines like "a >> [b, c] >> d"`,
});

const describe = (token: TToken): string =>
  token.kind === 'end' ? 'end of line' : token.kind === 'id' ? `'${token.text}'` : `'${token.kind}'`;

/** A task id or a bracketed list of them; returns the ids and the index of the next token. */
function parseGroup(tokens: readonly TToken[], start: number): Result<[TFlowMention[], number], TFlowError> {
  const first = tokens[start];
  if (first?.kind === 'id') return ok([[{ task_id: first.text, offset: first.offset }], start + 1]);
  if (first?.kind !== '[') {
    return err(failure(first?.offset ?? 0, `expected a task id or '[' but found ${first ? describe(first) : 'nothing'}`));
  }
  const ids: TFlowMention[] = [];
  let i = start + 1;
  for (;;) {
    const token = tokens[i];
    if (token?.kind === ']' && ids.length > 0) return ok([ids, i + 1]);
    if (token?.kind !== 'id') {
      const found = token ? describe(token) : 'nothing';
      return err(failure(token?.offset ?? 0, ids.length === 0 ? `expected a task id in the list but found ${found}` : `expected ',' or ']' but found ${found}`));
    }
    ids.push({ task_id: token.text, offset: token.offset });
    const next = tokens[i + 1];
    if (next?.kind === ',') i += 2;
    else if (next?.kind === ']') i += 1;
    else return err(failure(next?.offset ?? 0, `expected ',' or ']' but found ${next ? describe(next) : 'nothing'}`));
  }
}

/**
 * Reads one flow line as Airflow's bitshift composition: `a >> b` makes b downstream of a,
 * `a << b` makes a downstream of b, and each operator joins only its two neighbours, so
 * `a >> b << c` gives a → b and c → b. Between two lists every pair is joined (Airflow's
 * `cross_downstream`); Python refuses `[a] >> [b]`, a spec has no reason to.
 */
export function parseFlow(line: string): Result<TFlow, TFlowError> {
  const tokenized = tokenize(line);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.value;
  if (tokens.length === 1) return err(failure(0, 'empty flow line'));
  const edges: TFlowEdge[] = [];
  const mentions: TFlowMention[] = [];
  let group = parseGroup(tokens, 0);
  for (;;) {
    if (!group.ok) return group;
    const [left, next] = group.value;
    mentions.push(...left);
    const operator = tokens[next];
    if (operator?.kind === 'end') return ok({ edges, mentions });
    if (operator?.kind !== '>>' && operator?.kind !== '<<') {
      return err(failure(operator?.offset ?? line.length, `expected '>>' or '<<' but found ${operator ? describe(operator) : 'nothing'}`));
    }
    group = parseGroup(tokens, next + 1);
    if (!group.ok) return group;
    for (const a of left) {
      for (const b of group.value[0]) {
        const [upstream, downstream] = operator.kind === '>>' ? [a, b] : [b, a];
        edges.push({ upstream: upstream.task_id, downstream: downstream.task_id, offset: operator.offset });
      }
    }
  }
}
