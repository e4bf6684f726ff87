/**
 * Airflow's sensitive-field rule for API output: a value whose name looks secret is replaced
 * by `***`. Used for connection extras and for variables whose key looks secret; tasks still
 * get the real values (the worker decrypts the stored row, not this view).
 */
import { looksSecret } from '../../domain/secrets/secret-names';

export const MASK = '***';

export { looksSecret };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy with every secret-named field, at any depth, replaced by `***` (as Airflow's redact). */
export function maskSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecretFields);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [name, looksSecret(name) && inner !== null ? MASK : maskSecretFields(inner)]),
  );
}

/**
 * Undoes the mask on a round trip: a client that read an extra (secrets shown as `***`) and
 * sends it back with one field changed must not overwrite the stored secrets with `***`.
 * Where `next` holds `***` under a secret name and `stored` has a value there, the stored
 * value is kept (Airflow's UI and REST API do the same for redacted extras).
 */
export function restoreMaskedFields(next: unknown, stored: unknown): unknown {
  if (!isRecord(next) || !isRecord(stored)) return next;
  return Object.fromEntries(
    Object.entries(next).map(([name, inner]) => {
      if (inner === MASK && looksSecret(name) && name in stored) return [name, stored[name]];
      return [name, restoreMaskedFields(inner, stored[name])];
    }),
  );
}
