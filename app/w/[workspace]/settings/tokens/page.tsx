import type { Metadata } from 'next';
import { settingsRole } from '../settings-role';
import { TokensPanel } from './tokens-panel';

export const metadata: Metadata = { title: 'API tokens · Settings · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function TokensSettingsPage({ params }: TProps) {
  const { workspace } = await params;
  return <TokensPanel role={await settingsRole(workspace)} />;
}
