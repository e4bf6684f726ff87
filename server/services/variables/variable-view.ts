import type { SecretBox } from '../../auth/secret-box';
import { AppError } from '../app-error';
import { looksSecret, MASK } from '../connections/mask-secrets';

/**
 * What reading a variable shows: the value in full, except when the key looks secret
 * (Airflow's sensitive variables), then `***`. Tasks read the stored row, never this view.
 */
export type TVariableView = { key: string; value: string; description: string | null };

export const VARIABLE_VIEW_SELECT = { key: true, valueEncrypted: true, description: true } as const;

export function toVariableView(row: { key: string; valueEncrypted: string; description: string | null }, box: SecretBox): TVariableView {
  return { key: row.key, value: looksSecret(row.key) ? MASK : box.decrypt(row.valueEncrypted), description: row.description };
}

/** The same answer for a missing variable and another workspace's. */
export function variableNotFound(key: string): AppError {
  return new AppError('not_found', `Variable '${key}' does not exist in this workspace.`);
}
