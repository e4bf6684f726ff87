import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictObject, unknownFieldMessage } from './strict-object';

describe('strictObject', () => {
  const schema = strictObject({ retries: z.number(), owner: z.string().optional() });

  it('reports each unknown key on its own, and still checks the known ones', () => {
    const issues = schema.safeParse({ retires: 1, retries: 'x', colour: 'red' }).error?.issues;
    expect(issues?.map((issue) => [issue.code, issue.path, issue.message])).toEqual([
      ['unrecognized_keys', [], "unknown field 'retires' (did you mean 'retries'?)"],
      ['unrecognized_keys', [], "unknown field 'colour'"],
      ['invalid_type', ['retries'], 'Invalid input: expected number, received string'],
    ]);
  });

  it('passes known keys through', () => {
    expect(schema.parse({ retries: 1 })).toEqual({ retries: 1 });
  });

  it.each([
    ['retires', ['retries'], "unknown field 'retires' (did you mean 'retries'?)"],
    ['schedule_interval', ['schedule'], "unknown field 'schedule_interval' (did you mean 'schedule'?)"],
    ['schedule_interval', ['retries'], "unknown field 'schedule_interval'"],
    ['zzz', ['retries'], "unknown field 'zzz'"],
  ])('phrases %s against %j', (key, known, message) => {
    expect(unknownFieldMessage(key, known)).toBe(message);
  });
});
