/**
 * A refused call's problems, sorted by form field. tRPC sends bad input as zod issues in the
 * error's data (`zodIssues`, see server/trpc/init.ts) and a service's field problems as
 * `problems`; its `message` is then zod's JSON, which no user should read. Any form can map them:
 * give the labels of its fields, show `fields[name]` next to each, and `other` above the buttons.
 */

type TIssue = { path: string; message: string };

/** The part of a tRPC client error this reads. */
export type TCallError = {
  message: string;
  data?: { zodIssues?: readonly TIssue[]; problems?: readonly TIssue[] } | null;
} | null;

export type TFieldErrors = {
  /** One message per field, naming the field: "Conn id: use letters, digits ...". */
  fields: Record<string, string>;
  /** Messages no field of the form owns (a conflict, a problem of a field it lacks). */
  other: string[];
};

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/** `labels` maps a field's name in the call's input (its first path segment) to its label. */
export function fieldErrorsOf(error: TCallError, labels: Readonly<Record<string, string>>): TFieldErrors {
  const result: TFieldErrors = { fields: {}, other: [] };
  if (!error) return result;
  const issues = [...(error.data?.zodIssues ?? []), ...(error.data?.problems ?? [])];
  if (issues.length === 0) {
    result.other.push(error.message);
    return result;
  }
  for (const issue of issues) {
    const field = issue.path.split('.')[0] ?? '';
    const label = labels[field];
    if (label !== undefined) {
      // The first problem of a field is the one to fix first; the rest would crowd the form.
      result.fields[field] ??= `${label}: ${lowerFirst(issue.message)}`;
    } else {
      result.other.push(issue.path ? `${issue.path}: ${lowerFirst(issue.message)}` : issue.message);
    }
  }
  return result;
}

/** The props that tie an input to its message: pass to the input, render the message with `id`. */
export function fieldErrorProps(errors: TFieldErrors, field: string, inputId: string) {
  const message = errors.fields[field];
  return message === undefined
    ? { 'aria-invalid': false as const }
    : { 'aria-invalid': true as const, 'aria-describedby': `${inputId}-error` };
}
