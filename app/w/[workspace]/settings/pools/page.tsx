import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { PoolsPanel } from './pools-panel';

export const metadata: Metadata = { title: 'Pools · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function PoolsSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <PoolsPanel role={await settingsRole(workspace)} />;
}
