import type { Metadata } from 'next';
import { WorkspaceHome } from './workspace-home';

export const metadata: Metadata = { title: 'Home · Tributary' };
export const dynamic = 'force-dynamic';

/** The workspace's landing page: what is broken, what is running, what comes next. */
export default function WorkspaceHomePage() {
  return (
    <main className="wide">
      <h1>Home</h1>
      <WorkspaceHome />
    </main>
  );
}
