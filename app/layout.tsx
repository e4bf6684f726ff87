import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { DEFAULT_TIME_ZONE_PREFERENCE } from '@/server/domain/users/time-zone-preference';
import { createServerCaller } from '@/server/trpc/context';
import { THEME_SCRIPT } from './components/theme-script';
import { TimeZoneProvider } from './components/time-zone-context';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tributary',
  description: 'Data pipelines: DAGs, schedules, runs and logs',
};

/**
 * Every page under the signed-in user's choice of UTC or local times (UTC for a visitor).
 * Its own component inside <body>, so the document's shell and head never wait for the database.
 */
async function WithTimeZonePreference({ children }: { children: ReactNode }) {
  // Per request, never at build time: the choice is the session's (and there is no database then).
  await connection();
  const caller = await createServerCaller(null);
  const initial = await caller.preferences.get().then((preferences) => preferences.timeZone, () => DEFAULT_TIME_ZONE_PREFERENCE);
  return <TimeZoneProvider initial={initial}>{children}</TimeZoneProvider>;
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The script sets data-theme before React hydrates: the attribute differs from the server's on purpose.
    <html lang="en" suppressHydrationWarning>
      <body>
        {/* First in <body>, before anything paints: no flash of the wrong theme. */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        <WithTimeZonePreference>{children}</WithTimeZonePreference>
      </body>
    </html>
  );
}
