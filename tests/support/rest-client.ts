import type { PrismaClient } from '../../server/db/client';
import type { TRole } from '../../server/services/context';
import { systemContext } from '../../server/services/context';
import { createApiToken } from '../../server/services/tokens/api-tokens';

/** A token of the given role in a workspace, made the way an admin would. */
export async function tokenFor(db: PrismaClient, workspaceId: string, role: TRole): Promise<string> {
  return (await createApiToken(systemContext(db, workspaceId, 'test'), { name: `${role} token`, role })).token;
}

/** fetch with a bearer token against the REST server's base URL; the JSON body parsed when there is one. */
export function restClient(baseUrl: string, token: string | null) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    // eslint-style escape hatch for tests: bodies are asserted field by field.
    return { status: response.status, headers: response.headers, text, body: json as Record<string, any> };
  };
}
