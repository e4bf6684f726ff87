import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { DEFAULT_TIME_ZONE_PREFERENCE, type TTimeZonePreference } from '@/server/domain/users/time-zone-preference';
import { createServerCaller } from '@/server/trpc/context';
import { THEME_SCRIPT } from './components/theme-script';
import { TimeZoneProvider } from './components/time-zone-context';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tributary',
  description: 'Data pipelines: DAGs, schedules, runs and logs',
};

/** The signed-in user's choice of UTC or local times; UTC for a visitor. */
async function timeZonePreference(): Promise<TTimeZonePreference> {
  // Per request, never at build time: the choice is the session's (and there is no database then).
  await connection();
  const caller = await createServerCaller(null);
  return caller.preferences.get().then((preferences) => preferences.timeZone, () => DEFAULT_TIME_ZONE_PREFERENCE);
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const initial = await timeZonePreference();
  return (
    // The head script sets data-theme before React hydrates: the attribute differs from the server's on purpose.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <TimeZoneProvider initial={initial}>{children}</TimeZoneProvider>
      </body>
    </html>
  );
}
