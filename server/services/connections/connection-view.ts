import type { SecretBox } from '../../auth/secret-box';
import { AppError } from '../app-error';
import { isS3ConnType } from '../../domain/connections/s3-settings';
import { MASK, maskSecretFields } from './mask-secrets';

/**
 * What reading a connection shows. The password is absent (write-only, as in Airflow: not even
 * a masked placeholder), and the extra's secret-named fields read `***`.
 */
export type TConnectionView = {
  connId: string;
  connType: string;
  description: string | null;
  host: string | null;
  port: number | null;
  login: string | null;
  schema: string | null;
  extra: Record<string, unknown> | null;
};

/** The columns a view needs; the encrypted password is deliberately not among them. */
export const CONNECTION_VIEW_SELECT = {
  connId: true,
  connType: true,
  description: true,
  host: true,
  port: true,
  login: true,
  schema: true,
  extraEncrypted: true,
} as const;

type TConnectionViewRow = Omit<TConnectionView, 'extra'> & { extraEncrypted: string | null };

export function toConnectionView(row: TConnectionViewRow, box: SecretBox): TConnectionView {
  const { extraEncrypted, ...fields } = row;
  const extra = decryptExtra(box, extraEncrypted);
  // An s3 connection's login is its access key id: write-only like the secret beside it.
  const login = fields.login && isS3ConnType(fields.connType) ? MASK : fields.login;
  return { ...fields, login, extra: extra === null ? null : (maskSecretFields(extra) as Record<string, unknown>) };
}

export function decryptExtra(box: SecretBox, stored: string | null): Record<string, unknown> | null {
  return stored === null ? null : (JSON.parse(box.decrypt(stored)) as Record<string, unknown>);
}

/** The same answer for a missing connection and another workspace's: nothing leaks across. */
export function connectionNotFound(connId: string): AppError {
  return new AppError('not_found', `Connection '${connId}' does not exist in this workspace.`);
}
