import type { TOpenApiPaths } from './types';

const connectionIdParameter = { name: 'connection_id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' } };
const nullableString = { type: ['string', 'null'] };

/** What reading returns: no password field (write-only), extra's secret-named fields as `***`. */
const connection = {
  type: 'object',
  properties: {
    connection_id: { type: 'string' },
    conn_type: { type: 'string' },
    description: nullableString,
    host: nullableString,
    login: nullableString,
    schema: nullableString,
    port: { type: ['integer', 'null'] },
    extra: { ...nullableString, description: 'A JSON object as a string; fields whose names look secret read "***"' },
  },
};

const writableFields = {
  conn_type: { type: 'string' },
  description: nullableString,
  host: nullableString,
  port: { type: ['integer', 'null'], minimum: 1, maximum: 65535 },
  login: nullableString,
  schema: { ...nullableString, description: 'For PostgreSQL, the database name' },
  password: { ...nullableString, writeOnly: true, description: 'Stored encrypted, never returned' },
  extra: { type: ['string', 'object', 'null'], description: 'A JSON object, or a string holding one' },
};

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });

export const connectionsPaths: TOpenApiPaths = {
  '/connections': {
    get: {
      summary: 'List connections (viewer)',
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': ok('One page, ordered by connection_id', { type: 'object', properties: { connections: { type: 'array', items: connection }, total_entries: { type: 'integer' } } }),
      },
    },
    post: {
      summary: 'Create a connection (admin)',
      requestBody: body({ type: 'object', required: ['connection_id', 'conn_type'], properties: { connection_id: connectionIdParameter.schema, ...writableFields } }),
      responses: { '201': ok('The connection', connection), '400': problem('A field is invalid'), '403': problem('Needs the admin role'), '409': problem('The connection_id is taken') },
    },
  },
  '/connections/test': {
    post: {
      summary: 'Test a connection (admin): the fields given, or a stored one by connection_id alone',
      description: 'postgres: connect and `select 1`; http: any answer below 500 from the base URL. 5 s timeout. An unreachable target is reported, not an error.',
      requestBody: body({ type: 'object', properties: { connection_id: { type: 'string' }, ...writableFields } }),
      responses: {
        '200': ok('The outcome', { type: 'object', properties: { status: { type: 'boolean' }, message: { type: 'string' } } }),
        '403': problem('Needs the admin role'),
        '404': problem('No stored connection with that connection_id'),
      },
    },
  },
  '/connections/{connection_id}': {
    parameters: [connectionIdParameter],
    get: { summary: 'Get a connection (viewer)', responses: { '200': ok('The connection', connection), '404': problem('No such connection in this workspace') } },
    patch: {
      summary: 'Update a connection (admin): only the fields given; a password of null clears it',
      description: 'An extra field sent back as "***" keeps its stored value.',
      parameters: [{ name: 'update_mask', in: 'query', description: 'Comma-separated fields to apply; others in the body are ignored', schema: { type: 'string' } }],
      requestBody: body({ type: 'object', properties: { connection_id: { type: 'string' }, ...writableFields } }),
      responses: { '200': ok('The connection', connection), '400': problem('A field is invalid'), '403': problem('Needs the admin role'), '404': problem('No such connection in this workspace') },
    },
    delete: { summary: 'Delete a connection (admin)', responses: { '204': { description: 'Deleted' }, '403': problem('Needs the admin role'), '404': problem('No such connection in this workspace') } },
  },
};
