'use client';

import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { TTimeZonePreference } from '@/server/domain/users/time-zone-preference';
import { formatTime, type TTimePrecision } from './format-time';

type TTimeZoneContext = { preference: TTimeZonePreference; setPreference: (preference: TTimeZonePreference) => void };

const TimeZoneContext = createContext<TTimeZoneContext>({ preference: 'utc', setPreference: () => undefined });

/** The user's choice of UTC or local times, read on the server by the root layout, for every time on the page. */
export function TimeZoneProvider({ initial, children }: { initial: TTimeZonePreference; children: ReactNode }) {
  const [preference, setPreference] = useState(initial);
  const value = useMemo(() => ({ preference, setPreference }), [preference]);
  return <TimeZoneContext.Provider value={value}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZonePreference(): TTimeZoneContext {
  return useContext(TimeZoneContext);
}

const never = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
// The server cannot know the browser's zone: it renders UTC, and hydration then switches to
// the browser's own zone without a mismatch (React renders the server snapshot first).
const serverZone = () => 'UTC';

/** `formatTime` in the zone the user chose: every time a component shows goes through this. */
export function useFormatTime(): (isoText: string | null, precision?: TTimePrecision) => string {
  const { preference } = useTimeZonePreference();
  const localZone = useSyncExternalStore(never, browserZone, serverZone);
  const zone = preference === 'local' ? localZone : 'UTC';
  return useCallback((isoText, precision) => formatTime(isoText, zone, precision), [zone]);
}
