import { DomainError } from '../errors';

/** The three questions every state write asks of a transition table. */
export type TTransitions<S extends string> = {
  canTransition(from: S, to: S): boolean;
  /** Throws DomainError('invalid_transition') naming both states. */
  assertTransition(from: S, to: S): void;
  /**
   * The states a compare-and-set write to `to` may start from, in table order: the
   * `WHERE state IN (...)` of `UPDATE ... SET state = to`.
   */
  allowedFrom(to: S): S[];
};

/**
 * Builds the checks for one transition table. Staying in the same state is never a
 * transition: a write that changes nothing is the caller's no-op, and refusing it keeps a
 * compare-and-set from "winning" a race it did not take part in.
 */
export function defineTransitions<S extends string>(
  subject: string,
  states: readonly S[],
  table: Readonly<Record<S, readonly S[]>>,
): TTransitions<S> {
  const canTransition = (from: S, to: S): boolean => from !== to && table[from].includes(to);
  return {
    canTransition,
    assertTransition(from, to) {
      if (!canTransition(from, to)) {
        const allowed = table[from].join(', ') || 'nothing';
        throw new DomainError(
          'invalid_transition',
          `${subject} cannot go from '${from}' to '${to}' (from '${from}' it may go to: ${allowed})`,
        );
      }
    },
    allowedFrom: (to) => states.filter((from) => canTransition(from, to)),
  };
}
