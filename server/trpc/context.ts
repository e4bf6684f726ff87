import { auth } from '../auth/auth';
import { prisma } from '../db/client';
import type { TTRPCContext } from './init';
import { createCaller } from './routers/_app';

/** The header the web client sets to the slug of the page's `/w/[workspace]` URL. */
export const WORKSPACE_HEADER = 'x-tributary-workspace';

/** The context of one HTTP request: the session's user (looked up, so a deleted user has none). */
export async function createRequestContext(request: Request): Promise<TTRPCContext> {
  const db = prisma();
  const session = await auth();
  const userId = session?.user?.id;
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } }) : null;
  return { db, user, workspaceSlug: request.headers.get(WORKSPACE_HEADER), origin: requestOrigin(request) };
}

/**
 * The page's origin as the browser saw it: its `Origin` header (sent with every tRPC
 * mutation), else the Host header. Not `request.url` alone: behind `next start` that can name
 * the address the server listens on rather than the one the browser used.
 */
function requestOrigin(request: Request): string | null {
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') return origin;
  const host = request.headers.get('host');
  try {
    const url = new URL(request.url);
    return host ? `${url.protocol}//${host}` : url.origin;
  } catch {
    return null;
  }
}

/** A caller for server components and server actions, with the session of the current request. */
export async function createServerCaller(workspaceSlug: string | null) {
  const context = await createRequestContext(new Request('http://localhost/', { headers: workspaceSlug ? { [WORKSPACE_HEADER]: workspaceSlug } : {} }));
  // A made-up request: it has no origin worth putting in a link.
  return createCaller({ ...context, origin: null });
}
