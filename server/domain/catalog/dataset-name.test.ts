import { describe, expect, it } from 'vitest';
import { datasetUri, formatDatasetShortForm, openLineageName, openLineageUriName, parseDatasetShortForm, type TNamingConnection } from './dataset-name';
import { datasetShortForm } from './dataset-short-form';

const warehouse: TNamingConnection = { connType: 'postgres', host: 'db.example.com', port: 5432, schema: 'analytics' };
const course = { conn_id: 'warehouse', table: 'public.course' };

describe('openLineageName', () => {
  it('names a PostgreSQL table postgres://host:port and database.schema.table', () => {
    expect(openLineageName(warehouse, course)).toEqual({ ok: true, value: { namespace: 'postgres://db.example.com:5432', name: 'analytics.public.course' } });
  });

  it('gives two connections to the same host, port and database the same dataset', () => {
    const other: TNamingConnection = { connType: 'PostgreSQL', host: 'DB.Example.COM', port: null, schema: 'analytics' };
    expect(openLineageName(other, { conn_id: 'reporting', table: 'course' })).toEqual(openLineageName(warehouse, course));
  });

  it.each<[string, TNamingConnection, { conn_id: string; table: string }, { namespace: string; name: string }]>([
    ['another database is another dataset', { ...warehouse, schema: 'sales' }, course, { namespace: 'postgres://db.example.com:5432', name: 'sales.public.course' }],
    ['another port is another server', { ...warehouse, port: 6432 }, course, { namespace: 'postgres://db.example.com:6432', name: 'analytics.public.course' }],
    ['no host is localhost, as libpq', { ...warehouse, host: null }, course, { namespace: 'postgres://localhost:5432', name: 'analytics.public.course' }],
    ['an IPv6 host is bracketed', { ...warehouse, host: '::1' }, course, { namespace: 'postgres://[::1]:5432', name: 'analytics.public.course' }],
    ['no database is the login, as libpq', { ...warehouse, schema: null, login: 'etl' }, course, { namespace: 'postgres://db.example.com:5432', name: 'etl.public.course' }],
    ['a table keeps its case', warehouse, { conn_id: 'warehouse', table: 'Sales.Orders' }, { namespace: 'postgres://db.example.com:5432', name: 'analytics.Sales.Orders' }],
    ["the connection's own database may be written", warehouse, { conn_id: 'warehouse', table: 'analytics.mart.daily' }, { namespace: 'postgres://db.example.com:5432', name: 'analytics.mart.daily' }],
  ])('%s', (_name, connection, ref, name) => {
    expect(openLineageName(connection, ref)).toEqual({ ok: true, value: name });
  });

  it('puts an unqualified table in the default schema given', () => {
    expect(openLineageName(warehouse, { conn_id: 'warehouse', table: 'course' }, 'mart')).toEqual({
      ok: true,
      value: { namespace: 'postgres://db.example.com:5432', name: 'analytics.mart.course' },
    });
  });

  it.each<[string, TNamingConnection, { conn_id: string; table: string }, string]>([
    ['another conn_type', { ...warehouse, connType: 'http' }, course, "connection 'warehouse' has conn_type 'http': datasets are named for postgres, mysql and redis connections only"],
    ['no database at all', { ...warehouse, schema: null }, course, "connection 'warehouse' names no database: set its schema field to the database"],
    ['another database in the table', warehouse, { conn_id: 'warehouse', table: 'sales.public.course' }, "'sales.public.course' names database 'sales', but connection 'warehouse' connects to 'analytics'"],
    ['a table that is not a name', warehouse, { conn_id: 'warehouse', table: 'a.b.c.d' }, "'a.b.c.d' is not a table name: expected table, schema.table or database.schema.table"],
  ])('refuses %s, saying why', (_name, connection, ref, message) => {
    expect(openLineageName(connection, ref)).toEqual({ ok: false, error: message });
  });
});

describe('openLineageName for Redis', () => {
  const cache: TNamingConnection = { connType: 'redis', host: 'Cache.example.com', port: null, schema: null };

  it('names a Redis target redis://host:port and db/key_prefix*, db 0 when the connection names none', () => {
    expect(openLineageName(cache, { conn_id: 'cache', table: 'course:*' })).toEqual({ ok: true, value: { namespace: 'redis://cache.example.com:6379', name: '0/course:*' } });
    expect(openLineageName({ ...cache, port: 6380, schema: '2' }, { conn_id: 'cache', table: 'course:*' })).toEqual({ ok: true, value: { namespace: 'redis://cache.example.com:6380', name: '2/course:*' } });
  });

  it('refuses a ref that is not a key pattern', () => {
    expect(openLineageName(cache, course)).toEqual({ ok: false, error: "'public.course' is not a Redis key pattern: a Redis dataset is written key_prefix* (like course:*)" });
  });
});

describe('openLineageName for MySQL', () => {
  const app: TNamingConnection = { connType: 'mysql', host: 'DB.example.com', port: null, schema: 'app' };

  it('names a MySQL table mysql://host:port and database.table, the database from the connection or the table', () => {
    expect(openLineageName(app, { conn_id: 'app', table: 'course_summary' })).toEqual({ ok: true, value: { namespace: 'mysql://db.example.com:3306', name: 'app.course_summary' } });
    expect(openLineageName({ ...app, schema: null, port: 3307 }, { conn_id: 'app', table: 'shop.orders' })).toEqual({ ok: true, value: { namespace: 'mysql://db.example.com:3307', name: 'shop.orders' } });
    // The catalog's own form of an unqualified table (`public.` + table) is the connection's database.
    expect(openLineageName(app, { conn_id: 'app', table: 'public.course_summary' })).toEqual({ ok: true, value: { namespace: 'mysql://db.example.com:3306', name: 'app.course_summary' } });
  });

  it('refuses a name MySQL cannot have, or no database, saying why', () => {
    expect(openLineageName(app, { conn_id: 'app', table: 'a.b.c' })).toEqual({ ok: false, error: "'a.b.c' is not a MySQL table: write table or database.table" });
    expect(openLineageName({ ...app, schema: null }, { conn_id: 'app', table: 'orders' })).toEqual({
      ok: false,
      error: "connection 'app' names no database: set its schema field to the database, or write database.table",
    });
  });
});

describe('openLineageUriName', () => {
  it.each([
    ['https://API.Example.com/v1/orders?date=2024-01-01#top', { namespace: 'https://api.example.com', name: '/v1/orders' }],
    ['https://api.example.com:443/orders.csv', { namespace: 'https://api.example.com', name: '/orders.csv' }],
    ['http://localhost:8080/export.json', { namespace: 'http://localhost:8080', name: '/export.json' }],
    ['https://example.com', { namespace: 'https://example.com', name: '/' }],
    ['file:///data/orders.csv', { namespace: 'file', name: '/data/orders.csv' }],
    ['file://nas/share/orders.csv', { namespace: 'file://nas', name: '/share/orders.csv' }],
    ['s3://bucket/raw/orders.parquet', { namespace: 's3://bucket', name: 'raw/orders.parquet' }], // OpenLineage's S3 naming: the key, without a leading slash
  ])('names %s', (url, name) => {
    expect(openLineageUriName(url)).toEqual({ ok: true, value: name });
  });

  it.each([
    ['orders.csv', "'orders.csv' is not a URL"],
    ['mailto:someone@example.com', "'mailto:someone@example.com' names no host"],
  ])('refuses %s', (url, message) => {
    expect(openLineageUriName(url)).toEqual({ ok: false, error: message });
  });
});

describe('the short form', () => {
  it.each([
    ['warehouse.public.course', { conn_id: 'warehouse', table: 'public.course' }],
    ['crm.users', { conn_id: 'crm', table: 'users' }],
    ['warehouse."odd.schema".t', { conn_id: 'warehouse', table: '"odd.schema".t' }],
  ])('reads %s and writes it back', (text, ref) => {
    expect(parseDatasetShortForm(text)).toEqual({ ok: true, value: ref });
    expect(formatDatasetShortForm(ref)).toBe(text);
  });

  it('refuses a name without a connection', () => {
    expect(parseDatasetShortForm('course')).toEqual({
      ok: false,
      error: "'course' is not a dataset: write a dataset as 'conn_id.table' (like warehouse.public.course) or {conn_id, table}",
    });
  });
});

describe('datasetUri', () => {
  it.each([
    ['https://API.example.com:443/v1/orders?date={{ ds }}#top', 'https://api.example.com/v1/orders'],
    ['http://api.example.com:8080/orders.json', 'http://api.example.com:8080/orders.json'],
    ['file:///data/orders.csv', 'file:///data/orders.csv'],
    ['https://api.example.com/orders/{{ ds }}.json', null],
    ['not a url', null],
  ])('%s → %s', (text, expected) => {
    expect(datasetUri(text)).toBe(expected);
  });

  it('is the short form of a dataset without a connection; a table keeps conn_id.schema.table', () => {
    expect(datasetShortForm({ connId: '', name: 'https://api.example.com/v1/orders' })).toBe('https://api.example.com/v1/orders');
    expect(datasetShortForm({ connId: 'warehouse', name: 'public.orders' })).toBe('warehouse.public.orders');
  });
});
