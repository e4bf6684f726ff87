import { createWorkspace } from './dag-runs';
import { restClient, tokenFor } from './rest-client';
import { startRestServer } from './rest-server';
import { createTestDatabase, type TTestDatabase } from './test-database';

export type TRestClient = ReturnType<typeof restClient>;

/**
 * What most REST test files start from: their own database, a workspace with admin, editor and
 * viewer clients, and `stranger`, the owner of another workspace (for the 404-across-workspaces
 * checks), all against one REST server on loopback. `close()` in afterAll.
 */
export type TRestFixture = {
  database: TTestDatabase;
  workspaceId: string;
  /** The stranger's workspace. */
  otherWorkspaceId: string;
  admin: TRestClient;
  editor: TRestClient;
  viewer: TRestClient;
  stranger: TRestClient;
  close: () => Promise<void>;
};

export async function startRestFixture(label: string): Promise<TRestFixture> {
  const database = await createTestDatabase(label);
  const workspaceId = (await createWorkspace(database.db, 'team')).id;
  const other = await createWorkspace(database.db, 'elsewhere');
  const server = await startRestServer(database.db);
  const client = async (id: string, role: 'admin' | 'editor' | 'viewer' | 'owner') => restClient(server.url, await tokenFor(database.db, id, role));
  return {
    database,
    workspaceId,
    otherWorkspaceId: other.id,
    admin: await client(workspaceId, 'admin'),
    editor: await client(workspaceId, 'editor'),
    viewer: await client(workspaceId, 'viewer'),
    stranger: await client(other.id, 'owner'),
    async close() {
      await server.close();
      await database.drop();
    },
  };
}
