import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { AuditPanel } from './audit-panel';

export const metadata: Metadata = { title: 'Audit log · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function AuditSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <AuditPanel role={await settingsRole(workspace)} />;
}
