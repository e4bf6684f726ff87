import type { SecretBox } from '../../auth/secret-box';
import { ALERT_CHANNEL_FIELDS, type TAlertChannelType } from '../../domain/alerts/alert-channel';
import { AppError } from '../app-error';

/**
 * What reading a channel shows: its shown config and the names of the secret fields that hold
 * a value, never a secret (write-only, like a connection's password).
 */
export type TAlertChannelView = {
  name: string;
  type: TAlertChannelType;
  config: Record<string, unknown>;
  secretsSet: string[];
  isDefault: boolean;
  isPaused: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export const ALERT_CHANNEL_VIEW_SELECT = {
  name: true,
  type: true,
  config: true,
  secretEncrypted: true,
  isDefault: true,
  isPaused: true,
  createdAt: true,
  updatedAt: true,
} as const;

type TAlertChannelRow = {
  name: string;
  type: string;
  config: unknown;
  secretEncrypted: string | null;
  isDefault: boolean;
  isPaused: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export function toAlertChannelView(row: TAlertChannelRow, box: SecretBox): TAlertChannelView {
  const { shown, secret } = storedChannelConfig(row.type as TAlertChannelType, row.config, decryptSecret(box, row.secretEncrypted));
  return {
    name: row.name,
    type: row.type as TAlertChannelType,
    config: shown,
    secretsSet: Object.keys(secret).filter((field) => secret[field] !== undefined && secret[field] !== null && secret[field] !== ''),
    isDefault: row.isDefault,
    isPaused: row.isPaused,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * A stored channel's shown and secret fields by the type's current schemas, whichever column
 * holds them: a field that became secret (a webhook's url) may still sit in the clear column
 * of a channel saved before; it is read as a secret and never shown, and the channel's next
 * save stores it encrypted. Not validated again: both parts were checked when written.
 */
export function storedChannelConfig(type: TAlertChannelType, config: unknown, secret: Record<string, unknown>): { shown: Record<string, unknown>; secret: Record<string, unknown> } {
  const fields = ALERT_CHANNEL_FIELDS[type];
  const all = { ...asRecord(config), ...secret };
  const pick = (names: string[]) => Object.fromEntries(Object.entries(all).filter(([field]) => names.includes(field)));
  return { shown: pick(Object.keys(fields.shown.shape)), secret: pick(Object.keys(fields.secret.shape)) };
}

/** Whether a stored channel's clear column holds a field its type now keeps secret. */
export function holdsSecretInClear(type: TAlertChannelType, config: unknown): boolean {
  const shown = Object.keys(ALERT_CHANNEL_FIELDS[type].shown.shape);
  return Object.keys(asRecord(config)).some((field) => !shown.includes(field));
}

export function decryptSecret(box: SecretBox, stored: string | null): Record<string, unknown> {
  return stored === null ? {} : asRecord(JSON.parse(box.decrypt(stored)));
}

export function encryptSecret(box: SecretBox, secret: Record<string, unknown>): string | null {
  return Object.keys(secret).length === 0 ? null : box.encrypt(JSON.stringify(secret));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The same answer for a missing channel and another workspace's: nothing leaks across. */
export function alertChannelNotFound(name: string): AppError {
  return new AppError('not_found', `Alert channel '${name}' does not exist in this workspace.`);
}

/**
 * Splits a channel's `config` as the API takes it (shown and secret fields together) into the
 * part stored in clear and the part stored encrypted, checking both with the type's schemas.
 * Every problem names its field as `config.<field>`, so a form or a REST client can place it.
 */
export function splitChannelConfig(type: TAlertChannelType, config: Record<string, unknown>): { shown: Record<string, unknown>; secret: Record<string, unknown> } {
  const fields = ALERT_CHANNEL_FIELDS[type];
  const shownNames = Object.keys(fields.shown.shape);
  const secretNames = Object.keys(fields.secret.shape);
  const known = [...shownNames, ...secretNames];
  const problems = Object.keys(config)
    .filter((field) => !known.includes(field))
    .map((field) => problem(field, `${field} is not a field of a ${type} channel (its fields: ${known.join(', ') || 'none'})`));
  const pick = (names: string[]) => Object.fromEntries(Object.entries(config).filter(([field]) => names.includes(field)));
  const shown = fields.shown.safeParse(pick(shownNames));
  const secret = fields.secret.safeParse(pick(secretNames));
  for (const result of [shown, secret]) {
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const field = issue.path.map(String).join('.');
      // zod says "token must be a string" for a field left out; say what is wrong instead.
      const missing = issue.path.length === 1 && config[field] === undefined;
      problems.push(problem(field, missing ? `${field} is required for a ${type} channel` : issue.message));
    }
  }
  if (problems.length > 0 || !shown.success || !secret.success) {
    throw new AppError('invalid_input', `Invalid ${type} channel config: ${problems.map((item) => `${item.path}: ${item.message}`).join('; ')}`, problems);
  }
  return { shown: shown.data as Record<string, unknown>, secret: secret.data as Record<string, unknown> };
}

function problem(field: string, message: string) {
  // A missing field's issue path is the field itself; zod's message for it names it too.
  return { path: field === '' ? 'config' : `config.${field}`, line: null, column: null, message };
}
