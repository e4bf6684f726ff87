import { describe, expect, it } from 'vitest';
import { describeMysqlError, describeMysqlTarget, isMysqlConnType, mysqlPositionalParameters, mysqlSessionSettings } from './mysql-settings';

describe('mysqlSessionSettings', () => {
  const base = { connId: 'shop', host: 'db.example.com', port: 3307, login: 'app', password: 'pw', schema: 'shop', extra: null };

  it.each([
    ['every field given', base, { host: 'db.example.com', port: 3307, user: 'app', password: 'pw', database: 'shop' }],
    ['host and port absent: localhost:3306', { ...base, host: null, port: null }, { host: 'localhost', port: 3306, user: 'app', password: 'pw', database: 'shop' }],
    ['no password, no schema: an empty password and no database', { ...base, password: null, schema: '' }, { host: 'db.example.com', port: 3307, user: 'app', password: '', database: undefined }],
    ['extra.ssl false: plain TCP', { ...base, extra: { ssl: false } }, { host: 'db.example.com', port: 3307, user: 'app', password: 'pw', database: 'shop' }],
    [
      'extra.ssl true: TLS that verifies the certificate and the name',
      { ...base, extra: { ssl: true } },
      { host: 'db.example.com', port: 3307, user: 'app', password: 'pw', database: 'shop', ssl: { rejectUnauthorized: true, verifyIdentity: true } },
    ],
    [
      'extra.ssl "true" as a connection URI gives it',
      { ...base, extra: { ssl: 'true' } },
      { host: 'db.example.com', port: 3307, user: 'app', password: 'pw', database: 'shop', ssl: { rejectUnauthorized: true, verifyIdentity: true } },
    ],
  ])('%s', (_, connection, expected) => {
    expect(mysqlSessionSettings(connection)).toEqual({ ok: true, value: expected });
  });

  it('takes extra.ssl_ca as the CA to verify against, which implies TLS', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(mysqlSessionSettings({ ...base, extra: { ssl_ca: ca } })).toMatchObject({ ok: true, value: { ssl: { rejectUnauthorized: true, verifyIdentity: true, ca } } });
    expect(mysqlSessionSettings({ ...base, extra: { ssl_ca: '/etc/ssl/ca.pem' } })).toEqual({
      ok: false,
      error: `connection 'shop': extra.ssl_ca must be the PEM text of the CA certificate (-----BEGIN CERTIFICATE----- …)`,
    });
    expect(mysqlSessionSettings({ ...base, extra: { ssl: false, ssl_ca: ca } })).toEqual({ ok: false, error: `connection 'shop': extra.ssl_ca is given but extra.ssl is false` });
  });

  it('refuses an extra.ssl that is not a boolean, naming the connection and the field', () => {
    expect(mysqlSessionSettings({ ...base, extra: { ssl: 'required' } })).toEqual({
      ok: false,
      error: `connection 'shop': extra.ssl must be true or false, not "required"`,
    });
  });
});

describe('mysqlPositionalParameters', () => {
  it.each([
    ['absent', undefined, undefined],
    ['a list', [1, 'a', null], [1, 'a', null]],
    ['an empty mapping (no parameters)', {}, undefined],
  ])('%s is accepted', (_, given, expected) => {
    expect(mysqlPositionalParameters(given)).toEqual({ ok: true, value: expected });
  });

  it('refuses a mapping of named parameters', () => {
    expect(mysqlPositionalParameters({ id: 1 })).toEqual({
      ok: false,
      error: 'parameters must be a list for MySQL (bound to ?, ? … in order): a mapping of named parameters is not supported',
    });
  });
});

describe('describeMysqlError', () => {
  it.each([
    [
      'a server error: its words, number, name and SQLSTATE',
      Object.assign(new Error("Table 'shop.t' doesn't exist"), { code: 'ER_NO_SUCH_TABLE', errno: 1146, sqlState: '42S02', sqlMessage: "Table 'shop.t' doesn't exist" }),
      "Table 'shop.t' doesn't exist (MySQL error 1146 ER_NO_SUCH_TABLE, SQLSTATE 42S02)",
    ],
    ['a network error that names its code', Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:3306'), { code: 'ECONNREFUSED' }), 'connect ECONNREFUSED 10.0.0.1:3306'],
    ['a network error that does not', Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' }), 'Connection lost: The server closed the connection. (PROTOCOL_CONNECTION_LOST)'],
    ['not an Error', 'boom', 'boom'],
  ])('%s', (_, error, expected) => {
    expect(describeMysqlError(error)).toBe(expected);
  });
});

describe('describeMysqlTarget and isMysqlConnType', () => {
  it('names host:port/database with MySQL defaults', () => {
    expect(describeMysqlTarget({ host: null, port: null, schema: 'shop' })).toBe('localhost:3306/shop');
    expect(describeMysqlTarget({ host: 'db', port: 3307, schema: null })).toBe('db:3307/');
  });

  it('knows mysql in any case, and nothing else', () => {
    expect(['mysql', 'MySQL', 'postgres', 'mariadb'].map(isMysqlConnType)).toEqual([true, true, false, false]);
  });
});
