import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../server/auth/password';
import { SecretBox } from '../server/auth/secret-box';
import { createPrismaClient, type PrismaClient } from '../server/db/client';
import { createConnection } from '../server/services/connections/create-connection';
import { updateConnection } from '../server/services/connections/update-connection';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { DEFAULT_POOL } from '../server/services/workspaces/create-workspace';
import { deployConnectorExamples } from './seed-connector-examples';
import { seedWarehouse } from './seed-warehouse';

export const DEMO_LOGIN = { email: 'demo@tributary.local', password: 'tributary-demo' } as const;
export const DEMO_WORKSPACE = { slug: 'demo', name: 'Demo' } as const;

const EXAMPLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');

export type TSeedOptions = {
  databaseUrl: string;
  secretKey: string;
  /**
   * The demo `warehouse` connection's database, with the login tasks get (never the metadata
   * role's); null leaves the connection out.
   */
  warehouseUrl: string | null;
};

/**
 * The demo workspace: a user who owns it, the default pool, a `warehouse` connection to a
 * database of sample data, and every example DAG. Idempotent: a second run changes nothing
 * (rows are created only when missing; an unchanged DAG spec makes no new version).
 */
export async function seedDemo(options: TSeedOptions): Promise<{ workspaceSlug: string; dags: number; warnings: string[] }> {
  const db = createPrismaClient(options.databaseUrl, { max: 2 });
  try {
    const workspace = await db.workspace.upsert({
      where: { slug: DEMO_WORKSPACE.slug },
      create: DEMO_WORKSPACE,
      update: {},
    });
    const user = await ensureDemoUser(db);
    await db.membership.upsert({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
      create: { workspaceId: workspace.id, userId: user.id, role: 'owner' },
      update: {},
    });
    await db.pool.upsert({
      where: { workspaceId_name: { workspaceId: workspace.id, name: DEFAULT_POOL.name } },
      create: { workspaceId: workspace.id, ...DEFAULT_POOL },
      update: {},
    });
    const ctx = systemContext(db, workspace.id, 'seed');
    const metadataLogin = decodeURIComponent(new URL(options.databaseUrl).username);
    let warnings: string[] = [];
    if (options.warehouseUrl) {
      await ensureWarehouseConnection(db, ctx, new SecretBox(options.secretKey), options.warehouseUrl, metadataLogin);
      await seedWarehouse(options.warehouseUrl);
    } else {
      warnings = await metadataLoginWarning(db, workspace.id, metadataLogin);
    }
    let dags = 0;
    for (const file of (await readdir(EXAMPLES_DIR)).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()) {
      const source = await readFile(path.join(EXAMPLES_DIR, file), 'utf8');
      await deployDag(ctx, { source });
      dags++;
    }
    // The connector examples need servers the demo has not: each only once its connections exist.
    dags += await deployConnectorExamples(ctx, path.join(EXAMPLES_DIR, 'connectors'));
    return { workspaceSlug: workspace.slug, dags, warnings };
  } finally {
    await db.$disconnect();
  }
}

async function ensureDemoUser(db: PrismaClient) {
  const existing = await db.user.findUnique({ where: { email: DEMO_LOGIN.email } });
  if (existing) return existing;
  return db.user.create({
    data: { email: DEMO_LOGIN.email, name: 'Demo User', passwordHash: await hashPassword(DEMO_LOGIN.password) },
  });
}

type TWarehouseFields = { host: string; port: number; login: string; password: string; schema: string };

function warehouseFields(warehouseUrl: string): TWarehouseFields {
  const url = new URL(warehouseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    login: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    schema: decodeURIComponent(url.pathname.slice(1)),
  };
}

/**
 * Creates the demo `warehouse` connection, or brings the one an earlier start made up to date:
 * earlier versions logged it in as the metadata role, and the embedded server's port changes
 * at each start. A connection the workspace pointed elsewhere (another host, database or
 * login) is the workspace's own and is left alone.
 */
async function ensureWarehouseConnection(
  db: PrismaClient,
  ctx: ReturnType<typeof systemContext>,
  box: SecretBox,
  warehouseUrl: string,
  metadataLogin: string,
) {
  const wanted = warehouseFields(warehouseUrl);
  const found = await db.connection.findUnique({
    where: { workspaceId_connId: { workspaceId: ctx.workspaceId, connId: 'warehouse' } },
    select: { host: true, port: true, login: true, schema: true, passwordEncrypted: true },
  });
  if (!found) {
    await createConnection(ctx, box, {
      connId: 'warehouse',
      connType: 'postgres',
      description: 'Sample warehouse: courses, reviews and orders for the example DAGs',
      ...wanted,
    });
    return;
  }
  const isSample = found.host === wanted.host && found.schema === wanted.schema && (found.login === wanted.login || found.login === metadataLogin);
  if (!isSample) return;
  const password = storedPassword(box, found.passwordEncrypted);
  if (found.login === wanted.login && found.port === wanted.port && password === wanted.password) return;
  await updateConnection(ctx, box, 'warehouse', { port: wanted.port, login: wanted.login, password: wanted.password });
}

/** Null when there is none or it cannot be read (encrypted with another key): then it is replaced. */
function storedPassword(box: SecretBox, encrypted: string | null): string | null {
  if (!encrypted) return null;
  try {
    return box.decrypt(encrypted);
  } catch {
    return null;
  }
}

/** Without a sample warehouse this start, a connection left by an earlier one may still log in as the metadata role. */
async function metadataLoginWarning(db: PrismaClient, workspaceId: string, metadataLogin: string): Promise<string[]> {
  const found = await db.connection.findUnique({
    where: { workspaceId_connId: { workspaceId, connId: 'warehouse' } },
    select: { login: true },
  });
  if (found?.login !== metadataLogin) return [];
  return [
    `the demo workspace's 'warehouse' connection logs in as the metadata database's role '${metadataLogin}': ` +
      `its tasks could read and change every workspace. Delete it or give it another role (Settings → Connections).`,
  ];
}
