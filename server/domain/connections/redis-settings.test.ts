import { describe, expect, it } from 'vitest';
import { describeRedisError, describeRedisTarget, isRedisConnType, redisSessionSettings } from './redis-settings';

describe('redisSessionSettings', () => {
  const base = { connId: 'cache', connType: 'redis', host: 'cache.example.com', port: 6380, login: 'app', password: 'pw', schema: '3', extra: null };
  const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  it.each([
    ['every field given', base, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 3 }],
    ['nothing but the type: localhost:6379 db 0, no AUTH', { connId: 'cache' }, { host: 'localhost', port: 6379, username: undefined, password: undefined, db: 0 }],
    ['an empty schema is db 0', { ...base, schema: '' }, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 0 }],
    ['db 15, the last of the default 16', { ...base, schema: '15' }, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 15 }],
    ['extra.ssl true: TLS', { ...base, extra: { ssl: true } }, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 3, tls: {} }],
    ['extra.ssl "true" as a URI gives it', { ...base, extra: { ssl: 'true' } }, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 3, tls: {} }],
    ['conn_type rediss: TLS', { ...base, connType: 'rediss' }, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 3, tls: {} }],
    ['extra.ssl_ca: TLS against that CA', { ...base, extra: { ssl_ca: ca } }, { host: 'cache.example.com', port: 6380, username: 'app', password: 'pw', db: 3, tls: { ca } }],
  ])('%s', (_, connection, expected) => {
    expect(redisSessionSettings(connection)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a database past 15', { ...base, schema: '16' }, `connection 'cache': schema is the Redis database number and must be 0 to 15, not "16"`],
    ['a database name', { ...base, schema: 'app' }, `connection 'cache': schema is the Redis database number and must be 0 to 15, not "app"`],
    ['a negative database', { ...base, schema: '-1' }, `connection 'cache': schema is the Redis database number and must be 0 to 15, not "-1"`],
    ['extra.ssl not a boolean', { ...base, extra: { ssl: 'required' } }, `connection 'cache': extra.ssl must be true or false, not "required"`],
    ['ssl_ca that is a path', { ...base, extra: { ssl_ca: '/etc/ca.pem' } }, `connection 'cache': extra.ssl_ca must be the PEM text of the CA certificate (-----BEGIN CERTIFICATE----- …)`],
    ['ssl_ca with ssl false', { ...base, extra: { ssl: false, ssl_ca: ca } }, `connection 'cache': extra.ssl_ca is given but extra.ssl is false`],
    ['rediss with ssl false', { ...base, connType: 'rediss', extra: { ssl: 'false' } }, `connection 'cache': conn_type rediss is TLS, but extra.ssl is false`],
    [
      'a cluster',
      { ...base, extra: { cluster: true } },
      `connection 'cache': extra.cluster: Redis Cluster and Sentinel are not supported; give the host and port of one Redis server (the primary)`,
    ],
    [
      'a sentinel master name',
      { ...base, extra: { master_name: 'mymaster' } },
      `connection 'cache': extra.master_name: Redis Cluster and Sentinel are not supported; give the host and port of one Redis server (the primary)`,
    ],
  ])('refuses %s, naming the connection and the field', (_, connection, message) => {
    expect(redisSessionSettings(connection)).toEqual({ ok: false, error: message });
  });
});

describe('describeRedisTarget, describeRedisError, isRedisConnType', () => {
  it('names host:port and the database with Redis defaults', () => {
    expect(describeRedisTarget({ host: null, port: null, schema: null })).toBe('localhost:6379 db 0');
    expect(describeRedisTarget({ host: 'cache', port: 6380, schema: '2' })).toBe('cache:6380 db 2');
  });

  it("keeps the server's words and adds a network error's code", () => {
    expect(describeRedisError(new Error('WRONGPASS invalid username-password pair or user is disabled.'))).toBe('WRONGPASS invalid username-password pair or user is disabled.');
    expect(describeRedisError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(describeRedisError(Object.assign(new Error('Connection is closed.'), { code: 'EPIPE' }))).toBe('Connection is closed. (EPIPE)');
    expect(describeRedisError('boom')).toBe('boom');
  });

  it('knows redis and rediss in any case, and nothing else', () => {
    expect(['redis', 'Redis', 'rediss', 'mysql', 'valkey'].map(isRedisConnType)).toEqual([true, true, true, false, false]);
  });
});
