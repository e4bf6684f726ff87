import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../server/auth/password';
import { SecretBox } from '../server/auth/secret-box';
import { createPrismaClient, type PrismaClient } from '../server/db/client';
import { createConnection } from '../server/services/connections/create-connection';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { DEFAULT_POOL } from '../server/services/workspaces/create-workspace';
import { seedWarehouse } from './seed-warehouse';

export const DEMO_LOGIN = { email: 'demo@tributary.local', password: 'tributary-demo' } as const;
export const DEMO_WORKSPACE = { slug: 'demo', name: 'Demo' } as const;

const EXAMPLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');

export type TSeedOptions = {
  databaseUrl: string;
  secretKey: string;
  /** The demo `warehouse` connection's database; null leaves the connection out. */
  warehouseUrl: string | null;
};

/**
 * The demo workspace: a user who owns it, the default pool, a `warehouse` connection to a
 * database of sample data, and every example DAG. Idempotent: a second run changes nothing
 * (rows are created only when missing; an unchanged DAG spec makes no new version).
 */
export async function seedDemo(options: TSeedOptions): Promise<{ workspaceSlug: string; dags: number }> {
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
    if (options.warehouseUrl) {
      await ensureWarehouseConnection(db, ctx, new SecretBox(options.secretKey), options.warehouseUrl);
      await seedWarehouse(options.warehouseUrl);
    }
    let dags = 0;
    for (const file of (await readdir(EXAMPLES_DIR)).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()) {
      const source = await readFile(path.join(EXAMPLES_DIR, file), 'utf8');
      await deployDag(ctx, { source });
      dags++;
    }
    return { workspaceSlug: workspace.slug, dags };
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

async function ensureWarehouseConnection(
  db: PrismaClient,
  ctx: ReturnType<typeof systemContext>,
  box: SecretBox,
  warehouseUrl: string,
) {
  const found = await db.connection.findUnique({
    where: { workspaceId_connId: { workspaceId: ctx.workspaceId, connId: 'warehouse' } },
  });
  if (found) return;
  const url = new URL(warehouseUrl);
  await createConnection(ctx, box, {
    connId: 'warehouse',
    connType: 'postgres',
    description: 'Sample warehouse: courses, reviews and orders for the example DAGs',
    host: url.hostname,
    port: Number(url.port || 5432),
    login: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    schema: decodeURIComponent(url.pathname.slice(1)),
  });
}
