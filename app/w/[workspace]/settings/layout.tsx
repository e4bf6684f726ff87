import type { ReactNode } from 'react';
import { SettingsTabs } from './settings-tabs';

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <main className="wide">
      <h1>Settings</h1>
      <SettingsTabs />
      {children}
    </main>
  );
}
