import type { TOpenApiPaths } from './types';

const keyParameter = { name: 'key', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' } };

/** Values read in full, except for keys that look secret (password, secret, token, key, private, credential): "***". */
const variable = {
  type: 'object',
  properties: { key: { type: 'string' }, value: { type: 'string' }, description: { type: ['string', 'null'] } },
};
const valueSchema = { description: 'A string; other JSON is stored serialised' };

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });

export const variablesPaths: TOpenApiPaths = {
  '/variables': {
    get: {
      summary: 'List variables (viewer)',
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: { '200': ok('One page, ordered by key', { type: 'object', properties: { variables: { type: 'array', items: variable }, total_entries: { type: 'integer' } } }) },
    },
    post: {
      summary: 'Create a variable (editor)',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['key', 'value'], properties: { key: keyParameter.schema, value: valueSchema, description: { type: ['string', 'null'] } } } } },
      },
      responses: { '201': ok('The variable', variable), '400': problem('A field is invalid'), '403': problem('Needs the editor role'), '409': problem('The key is taken') },
    },
  },
  '/variables/{key}': {
    parameters: [keyParameter],
    get: { summary: 'Get a variable (viewer)', responses: { '200': ok('The variable', variable), '404': problem('No such variable in this workspace') } },
    patch: {
      summary: 'Update a variable (editor): only the fields given',
      parameters: [{ name: 'update_mask', in: 'query', description: 'Comma-separated fields to apply (value, description)', schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { key: { type: 'string' }, value: valueSchema, description: { type: ['string', 'null'] } } } } } },
      responses: { '200': ok('The variable', variable), '400': problem('A field is invalid'), '403': problem('Needs the editor role'), '404': problem('No such variable in this workspace') },
    },
    delete: { summary: 'Delete a variable (editor)', responses: { '204': { description: 'Deleted' }, '403': problem('Needs the editor role'), '404': problem('No such variable in this workspace') } },
  },
};
