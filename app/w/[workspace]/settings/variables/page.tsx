import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { VariablesPanel } from './variables-panel';

export const metadata: Metadata = { title: 'Variables · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function VariablesSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <VariablesPanel role={await settingsRole(workspace)} />;
}
