import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { TServiceContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';

/** Every `conn_id` value, however deep (`source.conn_id`, `target.conn_id`), and the connection of `inputs`/`outputs` written short (`warehouse.public.course`). */
function namedConnections(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) {
    const shortForms = key === 'inputs' || key === 'outputs' ? value.filter((ref): ref is string => typeof ref === 'string' && ref.includes('.')).map((ref) => ref.split('.')[0]!) : [];
    return [...shortForms, ...value.flatMap((item) => namedConnections(item))];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([field, item]) => (field === 'conn_id' && typeof item === 'string' ? [item] : namedConnections(item, field)));
}

/**
 * The connector examples (examples/connectors/) need servers the demo cannot rely on: MySQL,
 * Redis, an S3 store. Each is deployed only when every connection it names exists in the
 * workspace, so a user who adds `app_db`, `cache` or `lake` in Settings → Connections gets its
 * example at the next start; the others are skipped without a word, as there is nothing wrong.
 * A templated conn_id cannot be judged before a run and does not hold an example back. Returns
 * how many it deployed (an unchanged spec counts: it is there).
 */
export async function deployConnectorExamples(ctx: TServiceContext, folder: string): Promise<number> {
  const files = (await readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error))))
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort();
  if (files.length === 0) return 0;
  const rows = await ctx.db.connection.findMany({ where: { workspaceId: ctx.workspaceId }, select: { connId: true } });
  const known = new Set(rows.map((row) => row.connId));
  let deployed = 0;
  for (const file of files) {
    const source = await readFile(path.join(folder, file), 'utf8');
    const needed = namedConnections(parse(source)).filter((connId) => !connId.includes('{{'));
    if (!needed.every((connId) => known.has(connId))) continue;
    await deployDag(ctx, { source });
    deployed++;
  }
  return deployed;
}
