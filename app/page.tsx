import { redirect } from 'next/navigation';
import { createServerCaller } from '@/server/trpc/context';

export const dynamic = 'force-dynamic';

/** Home: the first workspace's home page, or the login page without a session. */
export default async function HomePage() {
  const caller = await createServerCaller(null);
  const workspaces = await caller.workspaces.list().catch(() => null);
  if (workspaces === null) redirect('/login');
  const first = workspaces[0];
  if (first) redirect(`/w/${first.slug}`);
  return (
    <main>
      <h1>No workspace yet</h1>
      <p>You are not a member of any workspace. Ask a workspace owner to invite you.</p>
      <p><a href="/status">System status</a></p>
    </main>
  );
}
