import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { MembersPanel } from './members-panel';

export const metadata: Metadata = { title: 'Members · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function MembersSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <MembersPanel role={await settingsRole(workspace)} />;
}
