import { describe, expect, it } from 'vitest';
import { oneOfSchema } from './one-of-schema';

describe('oneOfSchema', () => {
  const schema = oneOfSchema('mode', ['poke', 'reschedule']);

  it.each([
    ['poke', null],
    ['pokee', "unknown mode 'pokee' (did you mean 'poke'?; expected one of: poke, reschedule)"],
    ['wait', "unknown mode 'wait' (expected one of: poke, reschedule)"],
    [1, 'mode must be one of: poke, reschedule'],
  ])('%j → %s', (input, message) => {
    const result = schema.safeParse(input);
    expect(result.success ? null : result.error.issues[0]?.message).toBe(message);
  });
});
