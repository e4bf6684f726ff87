import { fieldErrorsOf, type TCallError, type TFieldErrors } from '@/app/components/field-errors';

/**
 * The message of a failed mutation, announced to screen readers: in words, never zod's JSON.
 * A form that shows field messages next to its fields passes `errors` to show only the rest.
 */
export function MutationError({ error, errors, className }: { error: TCallError; errors?: TFieldErrors; className?: string }) {
  const other = (errors ?? fieldErrorsOf(error, {})).other;
  if (!error || other.length === 0) return null;
  return (
    <div role="alert" className={`form-error ${className ?? ''}`}>
      {other.map((message) => <p key={message}>{message}</p>)}
    </div>
  );
}

/** A field's message, placed right after its input; its id is the input's aria-describedby. */
export function FieldError({ errors, field, inputId, className }: { errors: TFieldErrors; field: string; inputId: string; className?: string }) {
  const message = errors.fields[field];
  if (message === undefined) return null;
  return <p id={`${inputId}-error`} className={`form-error ${className ?? ''}`}>{message}</p>;
}

/** Shown above a tab's content to members who may read but not change it. */
export function ReadOnlyNotice({ needs }: { needs: string }) {
  return <p className="muted">Read only: changing these needs the {needs} role.</p>;
}
