/** The message of a failed mutation, announced to screen readers. */
export function MutationError({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return <p role="alert" className="form-error">{error.message}</p>;
}

/** Shown above a tab's content to members who may read but not change it. */
export function ReadOnlyNotice({ needs }: { needs: string }) {
  return <p className="muted">Read only: changing these needs the {needs} role.</p>;
}
