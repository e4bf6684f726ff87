import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { AlertsPanel } from './alerts-panel';

export const metadata: Metadata = { title: 'Alerts · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function AlertsSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <AlertsPanel role={await settingsRole(workspace)} />;
}
