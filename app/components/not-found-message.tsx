'use client';

/** What a tRPC query error carries that the panels read: its message and its code. */
type TQueryError = { message: string; data?: { code?: string } | null };

const isNotFound = (error: TQueryError) => error.data?.code === 'NOT_FOUND';

/**
 * A deep link to a run or task that does not exist (or is another workspace's, which reads the
 * same) is answered at once: asking again cannot make it exist. Other errors retry as usual.
 */
export function notFoundRetry(failureCount: number, error: TQueryError): boolean {
  return !isNotFound(error) && failureCount < 3;
}

/** A panel's load error; "not found" said plainly, with the server's reason, inside the page. */
export function NotFoundMessage({ error, what }: { error: TQueryError; what: string }) {
  if (!isNotFound(error)) return <p role="alert" className="form-error">{error.message}</p>;
  return (
    <div role="alert" className="form-error">
      <p><strong>Not found:</strong> {what} does not exist in this workspace.</p>
      <p className="small">{error.message} Pick a square in the grid, or check the link.</p>
    </div>
  );
}
