'use client';

import Link from 'next/link';
import { useParams, usePathname } from 'next/navigation';
import styles from './settings.module.css';

const TABS = [
  ['connections', 'Connections'],
  ['variables', 'Variables'],
  ['pools', 'Pools'],
  ['tokens', 'API tokens'],
  ['members', 'Members'],
  ['alerts', 'Alerts'],
  ['audit', 'Audit log'],
] as const;

export function SettingsTabs() {
  const { workspace } = useParams<{ workspace: string }>();
  const pathname = usePathname();
  return (
    <nav className={styles.tabs} aria-label="Settings">
      {TABS.map(([path, label]) => {
        const href = `/w/${workspace}/settings/${path}`;
        return <Link key={path} href={href} aria-current={pathname === href ? 'page' : undefined}>{label}</Link>;
      })}
    </nav>
  );
}
