import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { ConnectionsPanel } from './connections-panel';

export const metadata: Metadata = { title: 'Connections · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function ConnectionsSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <ConnectionsPanel role={await settingsRole(workspace)} />;
}
