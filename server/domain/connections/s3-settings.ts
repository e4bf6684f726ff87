import { err, ok, type Result } from '../result';
import type { TConnectionFields } from './resolved-connection';

/** `aws` is Airflow's name for the same connection (its AWS hook reads these very fields). */
export const S3_CONN_TYPES = ['s3', 'aws'] as const;
export const S3_DEFAULT_REGION = 'us-east-1';

/**
 * The client an `s3` connection describes, in @aws-sdk/client-s3's option names (structurally
 * part of its S3ClientConfig): AWS itself when `endpoint` is absent.
 */
export type TS3ClientSettings = {
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

export type TS3ConnectionFields = TConnectionFields;

export function isS3ConnType(connType: string): boolean {
  return (S3_CONN_TYPES as readonly string[]).includes(connType.toLowerCase());
}

/** Where the client goes: the endpoint as given, or AWS's regional endpoint. */
export function describeS3Endpoint(settings: Pick<TS3ClientSettings, 'endpoint' | 'region'>): string {
  return settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`;
}

function textExtra(connection: TS3ConnectionFields, name: string): Result<string | undefined, string> {
  const value = connection.extra?.[name];
  if (value === undefined || value === null || value === '') return ok(undefined);
  if (typeof value !== 'string') return err(`connection '${connection.connId}': extra.${name} must be text, not ${JSON.stringify(value)}`);
  return ok(value.trim());
}

function endpointUrl(connection: TS3ConnectionFields): Result<string | undefined, string> {
  const given = textExtra(connection, 'endpoint_url');
  if (!given.ok || given.value === undefined) return given;
  let url: URL;
  try {
    url = new URL(given.value);
  } catch {
    return err(`connection '${connection.connId}': extra.endpoint_url '${given.value}' is not a URL (write https://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err(`connection '${connection.connId}': extra.endpoint_url must start with http:// or https:// (it is '${given.value}')`);
  }
  if (url.username !== '' || url.password !== '') {
    return err(`connection '${connection.connId}': extra.endpoint_url must not carry credentials: put the access key id in login and the secret in password`);
  }
  return ok(given.value.replace(/\/+$/, ''));
}

function pathStyle(connection: TS3ConnectionFields, endpoint: string | undefined): Result<boolean, string> {
  // A connection URI (`aws://…?force_path_style=true`) gives extras as text.
  const given = connection.extra?.force_path_style;
  const value = given === 'true' ? true : given === 'false' ? false : given;
  // MinIO, R2 and most stores behind an endpoint_url answer path-style requests; AWS prefers virtual hosts.
  if (value === undefined || value === null) return ok(endpoint !== undefined);
  if (typeof value !== 'boolean') return err(`connection '${connection.connId}': extra.force_path_style must be true or false, not ${JSON.stringify(value)}`);
  return ok(value);
}

/**
 * A connection's fields as an S3 client, with Airflow's aws connection names: login is the
 * access key id, password the secret access key, extra.endpoint_url the store (AWS when absent),
 * extra.region_name (us-east-1 by default) and extra.force_path_style (true by default when an
 * endpoint_url is given). Both keys are required: without them the SDK would look for the
 * worker's own credentials (its environment, the instance's metadata service), which a workspace
 * must never borrow.
 */
export function s3ClientSettings(connection: TS3ConnectionFields): Result<TS3ClientSettings, string> {
  if (connection.host) {
    return err(`connection '${connection.connId}': an s3 connection takes its store from extra.endpoint_url, not host (leave host empty)`);
  }
  if (!connection.login || !connection.password) {
    return err(`connection '${connection.connId}': an s3 connection needs login (the access key id) and password (the secret access key)`);
  }
  const endpoint = endpointUrl(connection);
  if (!endpoint.ok) return endpoint;
  const region = textExtra(connection, 'region_name');
  if (!region.ok) return region;
  const forcePathStyle = pathStyle(connection, endpoint.value);
  if (!forcePathStyle.ok) return forcePathStyle;
  return ok({
    endpoint: endpoint.value,
    region: region.value ?? S3_DEFAULT_REGION,
    forcePathStyle: forcePathStyle.value,
    credentials: { accessKeyId: connection.login, secretAccessKey: connection.password },
  });
}

/** extra.bucket: the bucket "Test" lists, when the connection names one. */
export function s3ConnectionBucket(connection: TS3ConnectionFields): Result<string | undefined, string> {
  return textExtra(connection, 'bucket');
}

/**
 * `s3://bucket/path` → bucket and key; a key without the scheme is taken as given with `bucket`.
 * The two must agree when both name a bucket.
 */
export function s3ObjectRef(bucket: string | undefined, key: string): Result<{ bucket: string; key: string }, string> {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(key);
  if (match) {
    const [, inKey, path] = match as unknown as [string, string, string];
    if (bucket !== undefined && bucket !== inKey) return err(`key '${key}' names bucket '${inKey}' but bucket is '${bucket}': give one of them`);
    if (path === '') return err(`key '${key}' names no object after the bucket`);
    return ok({ bucket: inKey, key: path });
  }
  if (key.startsWith('s3://')) return err(`key '${key}' is not s3://bucket/path`);
  if (bucket === undefined) return err(`key '${key}' names no bucket: give bucket, or write the key as s3://bucket/${key}`);
  if (key === '') return err('key must not be empty');
  return ok({ bucket, key });
}

/**
 * The store's own words: its error code (AccessDenied, NoSuchBucket, InvalidAccessKeyId…), its
 * message and the HTTP status; a network error keeps its message and code (ECONNREFUSED).
 */
export function describeS3Error(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { Code?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = fields.$metadata?.httpStatusCode;
  const code = typeof fields.Code === 'string' ? fields.Code : error.name !== 'Error' ? error.name : undefined;
  const message = error.message && error.message !== code && error.message !== 'UnknownError' ? error.message : '';
  if (typeof status === 'number') {
    const words = [code, message].filter(Boolean).join(': ');
    return `${words || 'no error message'} (HTTP ${status})`;
  }
  const network = typeof fields.code === 'string' && !message.includes(fields.code) ? ` (${fields.code})` : '';
  return `${message || code || 'unknown error'}${network}`;
}
