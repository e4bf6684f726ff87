/**
 * The one error type services throw for expected outcomes. Each entry point (REST handler,
 * tRPC error formatter, worker wrapper, CLI) converts it once, by code.
 */
export type TAppErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'invalid_input'
  | 'conflict'
  | 'rate_limited';

export type TProblem = { path: string; line: number | null; column: number | null; message: string };

export class AppError extends Error {
  readonly code: TAppErrorCode;
  /** Field-level problems (for example every error of an invalid DAG spec). */
  readonly problems: TProblem[];

  constructor(code: TAppErrorCode, message: string, problems: TProblem[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
  }
}

export function httpStatusOf(code: TAppErrorCode): number {
  switch (code) {
    case 'not_found':
      return 404;
    case 'forbidden':
      return 403;
    case 'unauthenticated':
      return 401;
    case 'invalid_input':
      return 400;
    case 'conflict':
      return 409;
    case 'rate_limited':
      return 429;
  }
}
