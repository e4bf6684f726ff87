import { parseDagSpec, type TDag } from '../../domain/dag/parse-dag-spec';
import type { TDb } from '../../db/sql';
import { AppError } from '../app-error';

// Versions are immutable, so a parsed version can be kept for the life of the process. The
// promise is kept, not the value: a fan-out starts hundreds of instances of one version at once,
// and each would otherwise miss the cache and parse the same spec again (seconds of CPU).
const cache = new Map<string, Promise<TDag>>();
const CACHE_LIMIT = 1_000;

/**
 * The executable form of a DAG version, parsed from its stored source. Connections are not
 * checked here: a version that was valid when deployed keeps running even if a connection it
 * names was removed since (its task then fails with a clear message).
 */
export function loadDagVersion(db: TDb, versionId: string): Promise<TDag> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const loading = parseVersion(db, versionId);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(versionId, loading);
  // A failure is not kept: the next caller tries again.
  loading.catch(() => cache.delete(versionId));
  return loading;
}

async function parseVersion(db: TDb, versionId: string): Promise<TDag> {
  const row = await db.dagVersion.findUnique({ where: { id: versionId }, select: { sourceText: true } });
  if (!row) throw new AppError('not_found', `DAG version ${versionId} does not exist.`);
  const parsed = parseDagSpec(row.sourceText);
  if (!parsed.ok) {
    throw new AppError('invalid_input', `DAG version ${versionId} no longer parses: ${parsed.error[0]?.message ?? 'unknown problem'}`, parsed.error);
  }
  return parsed.value;
}
