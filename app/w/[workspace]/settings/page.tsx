import { redirect } from 'next/navigation';

type TProps = { params: Promise<{ workspace: string }> };

export default async function SettingsPage({ params }: TProps) {
  const { workspace } = await params;
  redirect(`/w/${workspace}/settings/connections`);
}
