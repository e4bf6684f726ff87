import { AppError } from '../app-error';

export const NOTE_MAX_CHARS = 1_000;

/** A note as stored: trimmed, and null for an empty one (the note is removed). */
export function normaliseNote(note: string | null): string | null {
  if (note === null) return null;
  if (note.length > NOTE_MAX_CHARS) {
    const message = `note is ${note.length.toLocaleString('en')} characters; the limit is ${NOTE_MAX_CHARS.toLocaleString('en')}.`;
    throw new AppError('invalid_input', message, [{ path: 'note', line: null, column: null, message }]);
  }
  const trimmed = note.trim();
  return trimmed === '' ? null : trimmed;
}
