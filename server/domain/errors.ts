/**
 * Errors the pure domain raises for broken invariants (programming errors or impossible states).
 * User input never throws: it comes back as a `Result` with problems.
 */
export type DomainErrorCode =
  | 'invalid_transition'
  | 'invalid_schedule'
  | 'invalid_interval'
  | 'invalid_template'
  | 'invalid_duration';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Makes a `switch` exhaustive: a new union member becomes a compile error here. */
export function assertExhaustive(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
