import { z } from 'zod';
import { didYouMean } from './did-you-mean';

/** The message for a value outside a fixed list: `unknown mode 'pokee' (did you mean 'poke'?; expected one of: poke, reschedule)`. */
export function oneOfMessage(field: string, input: unknown, values: readonly string[]): string {
  const expected = `expected one of: ${values.join(', ')}`;
  if (typeof input !== 'string') return `${field} must be one of: ${values.join(', ')}`;
  const hint = didYouMean(input, values).replace(/^ \((.*)\)$/, '$1; ');
  return `unknown ${field} '${input}' (${hint}${expected})`;
}

/** `z.enum` whose error names the field, the value given, the closest allowed value and the list. */
export function oneOfSchema<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.enum(values, { error: (issue) => oneOfMessage(field, issue.input, values) });
}
