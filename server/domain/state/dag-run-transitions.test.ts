import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  assertDagRunTransition,
  canTransitionDagRun,
  DAG_RUN_STATES,
  dagRunAllowedFrom,
  type TDagRunState,
} from './dag-run-transitions';

const ALLOWED: Record<TDagRunState, readonly TDagRunState[]> = {
  queued: ['running', 'success', 'failed'],
  running: ['success', 'failed'],
  success: ['queued', 'failed'],
  failed: ['queued', 'success'],
};

const PAIRS = DAG_RUN_STATES.flatMap((from) =>
  DAG_RUN_STATES.map((to) => [from, to, ALLOWED[from].includes(to)] as const),
);

describe('DAG run transitions', () => {
  it.each(PAIRS)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransitionDagRun(from, to)).toBe(allowed);
    if (allowed) expect(() => assertDagRunTransition(from, to)).not.toThrow();
    else expect(() => assertDagRunTransition(from, to)).toThrow(DomainError);
  });

  it('names both states when refusing', () => {
    expect(() => assertDagRunTransition('running', 'queued')).toThrow(
      "A DAG run cannot go from 'running' to 'queued' (from 'running' it may go to: success, failed)",
    );
  });

  it.each([
    ['queued', ['success', 'failed']],
    ['running', ['queued']],
    ['success', ['queued', 'running', 'failed']],
    ['failed', ['queued', 'running', 'success']],
  ] as const)('allowedFrom(%s) is %j', (to, from) => {
    expect(dagRunAllowedFrom(to)).toEqual(from);
  });
});
