'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import styles from './dag-page.module.css';

export type TTab = { segment: string; label: string };

/**
 * The DAG page's tab bar; the default tab (segment '') is also active on `/grid` and on a run's
 * or task instance's URL (`/runs/<run_id>…`), which is the grid with a panel open (the graph
 * with `?view=graph`).
 */
export function DagTabs({ base, tabs }: { base: string; tabs: readonly TTab[] }) {
  const pathname = usePathname();
  const view = useSearchParams().get('view');
  const rest = pathname.startsWith(base) ? pathname.slice(base.length).replace(/^\//, '').split('/') : [];
  const first = rest[0] ?? '';
  const panel = first === 'runs' && (rest[1] ?? '') !== '';
  // A panel's URL is over the grid, or over the graph when it says `?view=graph`.
  const active = first === 'grid' || (panel && view !== 'graph') ? '' : panel ? 'graph' : first;
  return (
    <nav className={styles.tabs} aria-label="DAG views">
      {tabs.map((tab) => (
        <Link
          key={tab.segment}
          href={tab.segment ? `${base}/${tab.segment}` : base}
          className={styles.tab}
          aria-current={tab.segment === active ? 'page' : undefined}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
