import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { createServerCaller } from '@/server/trpc/context';
import { dagHref } from '../../../../components/links';
import { BackfillBanner } from './backfill-banner';
import { DagHeader } from './dag-header';
import styles from './dag-page.module.css';
import { DagTabs, type TTab } from './dag-tabs';
import { workspaceRole } from './workspace-role';

export const dynamic = 'force-dynamic';

type TProps = { children: ReactNode; params: Promise<{ workspace: string; dag_id: string }> };

// Only folders that have a page get a tab: no tab leads to a 404.
const TABS: readonly TTab[] = [
  { segment: '', label: 'Grid' },
  { segment: 'runs', label: 'Runs' },
  { segment: 'graph', label: 'Graph' },
  { segment: 'code', label: 'Code' },
  { segment: 'edit', label: 'Edit' },
];

/** One DAG's pages: its header (pause, trigger) and the tab bar. Another workspace's DAG is a 404. */
export default async function DagLayout({ children, params }: TProps) {
  const { workspace, dag_id: encoded } = await params;
  const dagId = decodeURIComponent(encoded);
  const caller = await createServerCaller(workspace);
  const dag = await caller.runs.dag({ dagId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const role = await workspaceRole(workspace);
  return (
    <>
      {/* Not a <main>: each tab's page renders its own. */}
      <div className={styles.top}>
        <DagHeader dag={dag} canEdit={role !== 'viewer'} />
        <BackfillBanner dagId={dagId} canEdit={role !== 'viewer'} />
        <DagTabs base={dagHref(workspace, dagId)} tabs={TABS} />
      </div>
      {children}
    </>
  );
}
