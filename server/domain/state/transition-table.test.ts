import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { defineTransitions } from './transition-table';

const light = defineTransitions('A light', ['off', 'on', 'broken'] as const, {
  off: ['on', 'broken'],
  on: ['off', 'broken'],
  broken: [],
});

describe('defineTransitions', () => {
  it.each([
    ['off', 'on', true],
    ['on', 'off', true],
    ['off', 'off', false],
    ['broken', 'on', false],
  ] as const)('%s → %s is %s', (from, to, allowed) => {
    expect(light.canTransition(from, to)).toBe(allowed);
  });

  it('says "nothing" for a state with no way out', () => {
    expect(() => light.assertTransition('broken', 'on')).toThrow(
      new DomainError('invalid_transition', "A light cannot go from 'broken' to 'on' (from 'broken' it may go to: nothing)"),
    );
  });

  it('lists sources in declaration order', () => {
    expect(light.allowedFrom('broken')).toEqual(['off', 'on']);
    expect(light.allowedFrom('off')).toEqual(['on']);
  });
});
