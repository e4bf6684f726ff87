import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictObject } from './strict-object';
import { problemsFromZodIssues, specErrorMessage } from './zod-issue-problems';

const problems = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input, { error: specErrorMessage });
  return result.success ? [] : problemsFromZodIssues(result.error.issues, input);
};

describe('problemsFromZodIssues', () => {
  it.each([
    { name: 'a missing field', schema: z.object({ a: z.string() }), input: {}, expected: [{ path: ['a'], message: "missing required field 'a'" }] },
    { name: 'a wrong type', schema: z.object({ a: z.number() }), input: { a: 'x' }, expected: [{ path: ['a'], message: "expected a number, got the string 'x'" }] },
    { name: 'a whole number', schema: z.number().int(), input: 1.5, expected: [{ path: [], message: 'expected a whole number, got number 1.5' }] },
    { name: 'a list', schema: z.array(z.string()), input: { a: 1 }, expected: [{ path: [], message: 'expected a list, got a mapping' }] },
    { name: 'a too short list', schema: z.array(z.string()).min(2), input: ['a'], expected: [{ path: [], message: 'list at least 2 item(s)' }] },
    { name: 'a too big number', schema: z.number().max(3), input: 4, expected: [{ path: [], message: 'must be at most 3' }] },
    { name: 'a bad email', schema: z.email(), input: 'x', expected: [{ path: [], message: "'x' is not an email address" }] },
    {
      name: 'unknown keys, on each key',
      schema: z.strictObject({}),
      input: { a: 1, b: 2 },
      expected: [
        { path: ['a'], atKey: true, message: "unknown field 'a'" },
        { path: ['b'], atKey: true, message: "unknown field 'b'" },
      ],
    },
    {
      name: 'a union, through the option that fits the shape',
      schema: z.object({ s: z.union([strictObject({ url: z.string() }), strictObject({ conn_id: z.string(), sql: z.string() })]) }),
      input: { s: { conn_id: 'w' } },
      expected: [{ path: ['s', 'sql'], message: "missing required field 'sql'" }],
    },
    {
      name: 'a union no option fits, with its own message',
      schema: z.union([z.string(), z.array(z.string())], { error: 'a name or names' }),
      input: 3,
      expected: [{ path: [], message: 'a name or names' }],
    },
  ])('$name', ({ schema, input, expected }) => {
    expect(problems(schema, input)).toEqual(expected);
  });
});
