import { parseDagSpec, type TDag } from '../../domain/dag/parse-dag-spec';
import type { TDb, TSql } from '../../db/sql';
import { AppError } from '../app-error';

// Versions are immutable, so a parsed version can be kept for the life of the process. The
// promise is kept, not the value: a fan-out starts hundreds of instances of one version at once,
// and each would otherwise miss the cache and parse the same spec again (seconds of CPU).
// Sized for the scheduler's working set, every active DAG's current version: at 1,000 a
// scheduler of 5,000 DAGs re-read and re-parsed each of them at every due minute (~3 KB each
// for a small DAG). Least recently used first out.
const cache = new Map<string, Promise<TDag>>();
const CACHE_LIMIT = 10_000;

function remember(versionId: string, loading: Promise<TDag>): Promise<TDag> {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(versionId, loading);
  // A failure to read is not kept: the next caller tries again. A version that no longer parses
  // is kept as such: versions never change, so parsing it again gives the same answer.
  loading.catch((error: unknown) => {
    if (!(error instanceof UnparseableVersionError)) cache.delete(versionId);
  });
  return loading;
}

function cached(versionId: string): Promise<TDag> | undefined {
  const hit = cache.get(versionId);
  if (hit) {
    cache.delete(versionId);
    cache.set(versionId, hit);
  }
  return hit;
}

/**
 * The executable form of a DAG version, parsed from its stored source. Connections are not
 * checked here: a version that was valid when deployed keeps running even if a connection it
 * names was removed since (its task then fails with a clear message).
 */
export function loadDagVersion(db: TSql, versionId: string): Promise<TDag> {
  return cached(versionId) ?? remember(versionId, readVersion(db, versionId));
}

/**
 * Many versions at once (the scheduler's tick over every due DAG): those not in the cache are
 * read in one query instead of one each. A version that is missing or no longer parses is
 * returned in `failed`, so one DAG's version never stops every other DAG's runs.
 */
export async function loadDagVersions(db: TDb, versionIds: readonly string[]): Promise<{ specs: Map<string, TDag>; failed: Map<string, AppError> }> {
  const missing = [...new Set(versionIds)].filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const rows = await db.dagVersion.findMany({ where: { id: { in: missing } }, select: { id: true, sourceText: true } });
    const sources = new Map(rows.map((row) => [row.id, row.sourceText]));
    for (const id of missing) {
      const source = sources.get(id);
      remember(id, source === undefined ? Promise.reject(notFound(id)) : parseVersion(id, source));
    }
  }
  const results = await Promise.allSettled(versionIds.map((id) => loadDagVersion(db, id)));
  const specs = new Map<string, TDag>();
  const failed = new Map<string, AppError>();
  results.forEach((result, i) => {
    const id = versionIds[i]!;
    if (result.status === 'fulfilled') specs.set(id, result.value);
    else if (result.reason instanceof AppError) failed.set(id, result.reason);
    else throw result.reason;
  });
  return { specs, failed };
}

const notFound = (versionId: string) => new AppError('not_found', `DAG version ${versionId} does not exist.`);

async function readVersion(db: TSql, versionId: string): Promise<TDag> {
  const [row] = await db.$queryRaw<{ sourceText: string }[]>`select "sourceText" from dag_version where id = ${versionId}`;
  if (!row) throw notFound(versionId);
  return parseVersion(versionId, row.sourceText);
}

/** A stored version the current parser refuses (a rule tightened since it was deployed). */
export class UnparseableVersionError extends AppError {}

async function parseVersion(versionId: string, sourceText: string): Promise<TDag> {
  const parsed = parseDagSpec(sourceText);
  if (!parsed.ok) {
    throw new UnparseableVersionError('invalid_input', `DAG version ${versionId} no longer parses: ${parsed.error[0]?.message ?? 'unknown problem'}`, parsed.error);
  }
  return parsed.value;
}
