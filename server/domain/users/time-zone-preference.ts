import { z } from 'zod';

/**
 * How the web app prints a time for a user: `utc`, or `local` (the zone of the user's own
 * browser, which only the browser knows). Stored times and the REST API stay UTC either way.
 */
export const ZTimeZonePreferenceSchema = z.enum(['utc', 'local']);
export type TTimeZonePreference = z.infer<typeof ZTimeZonePreferenceSchema>;

export const DEFAULT_TIME_ZONE_PREFERENCE: TTimeZonePreference = 'utc';

/** A stored value read back: anything unknown (a value from a newer version) prints UTC. */
export function timeZonePreferenceOf(stored: string | null | undefined): TTimeZonePreference {
  const parsed = ZTimeZonePreferenceSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_TIME_ZONE_PREFERENCE;
}
