import { TRPCError } from '@trpc/server';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { loginHref, RETURN_PATH_HEADER } from '@/server/auth/login-redirect';
import { createRequestContext } from '@/server/trpc/context';
import { createCaller } from '@/server/trpc/routers/_app';
import { AppHeader } from '../../components/app-header';
import { TRPCReactProvider } from '../../trpc-provider';

export const dynamic = 'force-dynamic';

type TProps = { children: ReactNode; params: Promise<{ workspace: string }> };

/** A workspace's pages: signed in, and a member (any other workspace answers 404). */
export default async function WorkspaceLayout({ children, params }: TProps) {
  const { workspace: slug } = await params;
  const context = await createRequestContext(new Request('http://localhost/'));
  // Signed out: log in, then back to this very page (proxy.ts names it; the #fragment the login page adds).
  const login = loginHref((await headers()).get(RETURN_PATH_HEADER));
  if (!context.user) redirect(login);
  const workspaces = await createCaller(context).workspaces.list().catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') redirect(login);
    throw error;
  });
  const current = workspaces.find((workspace) => workspace.slug === slug);
  if (!current) notFound();
  return (
    <>
      <AppHeader current={current} workspaces={workspaces} user={context.user} />
      <TRPCReactProvider workspaceSlug={slug}>{children}</TRPCReactProvider>
    </>
  );
}
