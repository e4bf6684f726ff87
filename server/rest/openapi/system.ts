import type { TOpenApiPaths } from './types';

export const systemPaths: TOpenApiPaths = {
  '/health': {
    get: {
      summary: 'Health of the metadata database, the scheduler and the workers',
      security: [],
      responses: { '200': { description: 'The metadata database answers' }, '503': { description: 'The metadata database does not answer' } },
    },
  },
  '/openapi.json': {
    get: { summary: 'This OpenAPI document', security: [], responses: { '200': { description: 'OpenAPI 3.1 JSON' } } },
  },
  '/apiTokens': {
    get: { summary: 'List API tokens (admin)', responses: { '200': { description: '{api_tokens, total_entries}' } } },
    post: {
      summary: 'Create an API token (admin); the token is in this response only',
      requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: { enum: ['viewer', 'editor', 'admin', 'owner'] }, expires_at: { type: 'string', format: 'date-time' } } } } } },
      responses: { '201': { description: 'The token' } },
    },
  },
  '/apiTokens/{token_id}': {
    delete: { summary: 'Revoke an API token (admin)', parameters: [{ name: 'token_id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Revoked' } } },
  },
};
