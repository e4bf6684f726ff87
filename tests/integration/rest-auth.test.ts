import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../support/dag-runs';
import { restClient, tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

describe('REST v1: authentication and API tokens', () => {
  let database: TTestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let owner: string;
  let viewer: string;

  beforeAll(async () => {
    database = await createTestDatabase('rest_auth');
    const workspace = await createWorkspace(database.db, 'auth');
    owner = await tokenFor(database.db, workspace.id, 'owner');
    viewer = await tokenFor(database.db, workspace.id, 'viewer');
    server = await startRestServer(database.db);
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it('answers /health without a token', async () => {
    const response = await restClient(server.url, null)('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body.metadatabase).toEqual({ status: 'healthy' });
  });

  it.each([
    ['no token', null],
    ['an unknown token', 'trb_not-a-real-token'],
  ])('refuses %s with 401 and a problem body', async (_label, token) => {
    const response = await restClient(server.url, token)('GET', '/apiTokens');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.title).toBe('Unauthorized');
  });

  it('creates a token shown once, lists it by prefix only, and revokes it', async () => {
    const api = restClient(server.url, owner);
    const created = await api('POST', '/apiTokens', { name: 'ci', role: 'editor' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^trb_/);
    const listed = await api('GET', '/apiTokens');
    expect(listed.text).not.toContain(created.body.token);
    expect(listed.body.api_tokens.map((t: { name: string }) => t.name)).toContain('ci');
    expect((await restClient(server.url, created.body.token)('GET', '/health')).status).toBe(200);
    expect((await api('DELETE', `/apiTokens/${created.body.id}`)).status).toBe(204);
    expect((await restClient(server.url, created.body.token)('GET', '/apiTokens')).status).toBe(401);
  });

  it('stores only a hash of each token', async () => {
    const rows = await database.db.apiToken.findMany();
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);
    expect(rows.some((row) => row.tokenHash.includes(owner))).toBe(false);
  });

  it('refuses a viewer any mutation with 403', async () => {
    const response = await restClient(server.url, viewer)('POST', '/apiTokens', { name: 'x', role: 'viewer' });
    expect(response.status).toBe(403);
    expect(response.body.detail).toMatch(/admin role/);
  });

  it('names the field of a bad body', async () => {
    const response = await restClient(server.url, owner)('POST', '/apiTokens', { name: 'x', role: 'superuser' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('role');
  });

  it('answers 404 for an unknown endpoint and 405 for a wrong method', async () => {
    expect((await restClient(server.url, owner)('GET', '/nothing-here')).status).toBe(404);
    const wrong = await restClient(server.url, owner)('PUT', '/apiTokens');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('GET');
  });
});
