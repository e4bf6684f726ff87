import { connection } from 'next/server';
import { createRequestContext } from '@/server/trpc/context';
import { createCaller } from '@/server/trpc/routers/_app';
import { AppHeader } from './app-header';

/**
 * The header of pages outside a workspace (/status, the 404 page): the app's own header for a
 * signed-in member, on their first workspace as the home page picks it; otherwise the
 * product's name linking home and a way to sign in.
 */
export async function SiteHeader() {
  // Per request, never prerendered at build time (the 404 page would be, and it has no database then).
  await connection();
  const context = await createRequestContext(new Request('http://localhost/'));
  const workspaces = context.user ? await createCaller(context).workspaces.list().catch(() => null) : null;
  const current = workspaces?.[0];
  if (context.user && workspaces && current) return <AppHeader current={current} workspaces={workspaces} user={context.user} />;
  return (
    <header className="app-header">
      <a href="/" className="brand">Tributary</a>
      <nav aria-label="Site">
        <a href="/status">Status</a>
      </nav>
      {!context.user && <a href="/login">Log in</a>}
    </header>
  );
}
