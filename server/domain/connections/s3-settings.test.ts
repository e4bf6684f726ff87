import { describe, expect, it } from 'vitest';
import { describeS3Endpoint, describeS3Error, isS3ConnType, s3ClientSettings, s3ObjectRef } from './s3-settings';

describe('s3ClientSettings', () => {
  const base = { connId: 'lake', host: null, login: 'AKIDEXAMPLE', password: 'secret-key', extra: null };
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key' };

  it.each([
    ['no extra: AWS, us-east-1, virtual-hosted', base, { endpoint: undefined, region: 'us-east-1', forcePathStyle: false, credentials }],
    ['an endpoint_url: path style by default', { ...base, extra: { endpoint_url: 'http://minio:9000/' } }, { endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true, credentials }],
    [
      'region and path style given (as text, as a URI gives them)',
      { ...base, extra: { endpoint_url: 'https://acc.r2.cloudflarestorage.com', region_name: 'auto', force_path_style: 'false' } },
      { endpoint: 'https://acc.r2.cloudflarestorage.com', region: 'auto', forcePathStyle: false, credentials },
    ],
    ['AWS with path style asked for', { ...base, extra: { region_name: 'eu-west-1', force_path_style: true } }, { endpoint: undefined, region: 'eu-west-1', forcePathStyle: true, credentials }],
  ])('%s', (_, connection, expected) => {
    expect(s3ClientSettings(connection)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['no secret', { ...base, password: null }, "connection 'lake': an s3 connection needs login (the access key id) and password (the secret access key)"],
    ['no access key', { ...base, login: '' }, "connection 'lake': an s3 connection needs login (the access key id) and password (the secret access key)"],
    ['a host', { ...base, host: 'minio' }, "connection 'lake': an s3 connection takes its store from extra.endpoint_url, not host (leave host empty)"],
    ['a bad endpoint', { ...base, extra: { endpoint_url: 'minio:9000' } }, "connection 'lake': extra.endpoint_url must start with http:// or https:// (it is 'minio:9000')"],
    ['not a URL', { ...base, extra: { endpoint_url: 'not a url' } }, "connection 'lake': extra.endpoint_url 'not a url' is not a URL (write https://host:port)"],
    ['credentials in the endpoint', { ...base, extra: { endpoint_url: 'http://a:b@minio' } }, "connection 'lake': extra.endpoint_url must not carry credentials: put the access key id in login and the secret in password"],
    ['a path style that is not a boolean', { ...base, extra: { force_path_style: 'yes' } }, `connection 'lake': extra.force_path_style must be true or false, not "yes"`],
    ['a region that is not text', { ...base, extra: { region_name: 1 } }, "connection 'lake': extra.region_name must be text, not 1"],
  ])('refuses %s, naming the connection and the field', (_, connection, message) => {
    expect(s3ClientSettings(connection)).toEqual({ ok: false, error: message });
  });

  it('names the endpoint tests and errors show', () => {
    expect(describeS3Endpoint({ endpoint: undefined, region: 'eu-west-1' })).toBe('https://s3.eu-west-1.amazonaws.com');
    expect(describeS3Endpoint({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1' })).toBe('http://127.0.0.1:9000');
    expect(['s3', 'AWS', 'mysql'].map(isS3ConnType)).toEqual([true, true, false]);
  });
});

describe('s3ObjectRef', () => {
  it.each([
    ['a bucket and a key', 'lake', 'events/x.csv', { ok: true, value: { bucket: 'lake', key: 'events/x.csv' } }],
    ['an s3:// key', undefined, 's3://lake/events/*.csv', { ok: true, value: { bucket: 'lake', key: 'events/*.csv' } }],
    ['both, agreeing', 'lake', 's3://lake/a', { ok: true, value: { bucket: 'lake', key: 'a' } }],
    ['both, disagreeing', 'other', 's3://lake/a', { ok: false, error: "key 's3://lake/a' names bucket 'lake' but bucket is 'other': give one of them" }],
    ['no bucket at all', undefined, 'a/b', { ok: false, error: "key 'a/b' names no bucket: give bucket, or write the key as s3://bucket/a/b" }],
    ['a bucket without a key', undefined, 's3://lake/', { ok: false, error: "key 's3://lake/' names no object after the bucket" }],
  ])('%s', (_, bucket, key, expected) => {
    expect(s3ObjectRef(bucket, key)).toEqual(expected);
  });
});

describe('describeS3Error', () => {
  it.each([
    ['a store error', Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }), 'NoSuchBucket: The specified bucket does not exist (HTTP 404)'],
    ['a store error without words', Object.assign(new Error('UnknownError'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }), 'NotFound (HTTP 404)'],
    ['a network error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'connect ECONNREFUSED 127.0.0.1:1'],
    ['a network error without its code in words', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'socket hang up (ECONNRESET)'],
    ['not an Error', 'boom', 'boom'],
  ])('%s', (_, error, expected) => {
    expect(describeS3Error(error)).toBe(expected);
  });
});
