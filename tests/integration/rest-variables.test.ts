import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

const SECRET = 'sk-live-variable-secret-41f0';

describe('REST v1: variables', () => {
  const secretKey = generateKey();
  const box = new SecretBox(secretKey);
  let rest: TRestFixture;

  beforeAll(async () => {
    // The REST handlers read the key through server/env.ts, like the web app.
    process.env.TRIBUTARY_SECRET_KEY = secretKey;
    resetEnvCache();
    rest = await startRestFixture('rest_variables');
  });
  afterAll(async () => {
    await rest.close();
  });

  const storedValue = async (key: string) => {
    const row = await rest.database.db.variable.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: rest.workspaceId, key } } });
    return { raw: row.valueEncrypted, value: box.decrypt(row.valueEncrypted), description: row.description };
  };

  it('creates, reads, lists, patches and deletes a variable', async () => {
    const created = await rest.editor('POST', '/variables', { key: 'region', value: 'eu-west-1', description: 'where we run' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ key: 'region', value: 'eu-west-1', description: 'where we run' });
    expect((await rest.viewer('GET', '/variables/region')).body).toEqual(created.body);
    const listed = await rest.viewer('GET', '/variables');
    expect(listed.body.variables).toContainEqual(created.body);

    // PATCH: only the given field changes.
    const patched = await rest.editor('PATCH', '/variables/region', { value: 'us-east-1' });
    expect(patched.body).toEqual({ key: 'region', value: 'us-east-1', description: 'where we run' });
    const cleared = await rest.editor('PATCH', '/variables/region', { description: null });
    expect(cleared.body).toEqual({ key: 'region', value: 'us-east-1', description: null });
    const masked = await rest.editor('PATCH', '/variables/region?update_mask=description', { value: 'ignored', description: 'kept' });
    expect(masked.body).toEqual({ key: 'region', value: 'us-east-1', description: 'kept' });

    expect((await rest.editor('DELETE', '/variables/region')).status).toBe(204);
    expect((await rest.viewer('GET', '/variables/region')).status).toBe(404);
    expect((await rest.editor('PATCH', '/variables/region', { value: 'x' })).status).toBe(404);
    expect((await rest.editor('DELETE', '/variables/region')).status).toBe(404);
  });

  it('stores every value encrypted, and JSON values serialised', async () => {
    await rest.editor('POST', '/variables', { key: 'plain_setting', value: 'visible-value-5e1a' });
    const stored = await storedValue('plain_setting');
    expect(stored.raw).not.toContain('visible-value-5e1a');
    expect(stored.value).toBe('visible-value-5e1a');
    const structured = await rest.editor('POST', '/variables', { key: 'limits', value: { rows: 10, tables: ['a'] } });
    expect(structured.body.value).toBe('{"rows":10,"tables":["a"]}');
  });

  it.each(['api_password', 'SLACK_TOKEN', 'stripe_Secret', 'aws_access_key', 'private_cert', 'db_credentials'])(
    "masks %s in every response while tasks get the real value",
    async (key) => {
      const responses = [
        await rest.editor('POST', '/variables', { key, value: SECRET }),
        await rest.viewer('GET', `/variables/${key}`),
        await rest.viewer('GET', '/variables?limit=1000'),
        await rest.editor('PATCH', `/variables/${key}`, { description: 'rotated monthly' }),
      ];
      expect(responses[0]!.status).toBe(201);
      expect(responses[1]!.body).toEqual({ key, value: '***', description: null });
      for (const response of responses) expect(response.text).not.toContain(SECRET);
      // The worker reads the stored row (prepare-task-execution), which holds the real value.
      expect((await storedValue(key)).value).toBe(SECRET);
    },
  );

  it('audits every mutation without the value', async () => {
    await rest.editor('POST', '/variables', { key: 'audited', value: SECRET });
    await rest.editor('PATCH', '/variables/audited', { value: `${SECRET}-2` });
    await rest.editor('DELETE', '/variables/audited');
    const entries = await rest.database.db.auditLog.findMany({ where: { workspaceId: rest.workspaceId, targetType: 'variable', targetId: 'audited' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
      ['variable.set', { created: true, fields: ['value'] }],
      ['variable.set', { created: false, fields: ['value'] }],
      ['variable.delete', {}],
    ]);
    expect(JSON.stringify(entries.map((entry) => entry.details))).not.toContain(SECRET);
  });

  it.each([
    ['a duplicate key', { key: 'dup', value: 'v' }, 409, null],
    ['a key with a slash', { key: 'a/b', value: 'v' }, 400, 'key'],
    ['a missing value', { key: 'no_value' }, 400, 'value'],
    ['a null value', { key: 'null_value', value: null }, 400, 'value'],
    ['an unknown field', { key: 'typo', value: 'v', descripton: 'x' }, 400, ''],
  ])('refuses %s', async (_label, body, status, field) => {
    await rest.editor('POST', '/variables', { key: 'dup', value: 'v' });
    const response = await rest.editor('POST', '/variables', body);
    expect(response.status).toBe(status);
    if (field !== null) expect(response.body.errors[0].path).toBe(field);
  });

  it('lets a viewer read but not change anything; an editor and an admin may', async () => {
    await rest.editor('POST', '/variables', { key: 'guarded', value: 'v1' });
    expect((await rest.viewer('GET', '/variables/guarded')).status).toBe(200);
    expect((await rest.viewer('POST', '/variables', { key: 'nope', value: 'x' })).status).toBe(403);
    expect((await rest.viewer('PATCH', '/variables/guarded', { value: 'x' })).status).toBe(403);
    expect((await rest.viewer('DELETE', '/variables/guarded')).status).toBe(403);
    expect((await storedValue('guarded')).value).toBe('v1');
    expect((await rest.admin('PATCH', '/variables/guarded', { value: 'v2' })).status).toBe(200);
  });

  it("answers 404 for another workspace's variable, exactly as for a missing one", async () => {
    await rest.editor('POST', '/variables', { key: 'mine', value: 'v' });
    const theirs = await rest.stranger('GET', '/variables/mine');
    const missing = await rest.stranger('GET', '/variables/never-existed');
    expect(theirs.status).toBe(404);
    expect(theirs.body.detail).toBe(missing.body.detail.replace('never-existed', 'mine'));
    expect((await rest.stranger('PATCH', '/variables/mine', { value: 'x' })).status).toBe(404);
    expect((await rest.stranger('DELETE', '/variables/mine')).status).toBe(404);
    expect((await rest.stranger('GET', '/variables')).body.total_entries).toBe(0);
    // The same key in another workspace is a different variable.
    expect((await rest.stranger('POST', '/variables', { key: 'mine', value: 'theirs' })).status).toBe(201);
    expect((await storedValue('mine')).value).toBe('v');
  });

  it('pages with limit and offset in key order', async () => {
    for (const key of ['page_e', 'page_c', 'page_a', 'page_d', 'page_b']) await rest.editor('POST', '/variables', { key, value: key });
    const all = await rest.viewer('GET', '/variables?limit=1000');
    const keys: string[] = all.body.variables.map((v: { key: string }) => v.key);
    expect(keys).toEqual([...keys].sort());
    const page = await rest.viewer('GET', '/variables?limit=2&offset=3');
    expect(page.body.total_entries).toBe(keys.length);
    expect(page.body.variables.map((v: { key: string }) => v.key)).toEqual(keys.slice(3, 5));
    expect((await rest.viewer('GET', '/variables?offset=-1')).body.errors[0].path).toBe('offset');
  });
});
