'use client';

import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useEffect, useState } from 'react';
import type { TTimeZonePreference } from '@/server/domain/users/time-zone-preference';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { chooseTheme, storedThemeChoice, type TThemeChoice } from './theme';
import { useTimeZonePreference } from './time-zone-context';

// The header sits outside a workspace's query provider (it is on /status too), and the
// preference belongs to the user, not a workspace: a plain client, no workspace header.
const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc' })] });

const TIME_CHOICES: readonly { value: TTimeZonePreference; label: string }[] = [
  { value: 'utc', label: 'UTC' },
  { value: 'local', label: 'Local time' },
];
const THEME_CHOICES: readonly { value: TThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The user menu's display settings: times in UTC or the browser's zone (saved on the account) and the theme (this browser). */
export function UserPreferences() {
  const { preference, setPreference } = useTimeZonePreference();
  const [theme, setTheme] = useState<TThemeChoice>('system');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setTheme(storedThemeChoice()), []);

  const [saving, setSaving] = useState<TTimeZonePreference | null>(null);
  // Times change once the choice is saved, not before: a page left at once would otherwise lose it.
  const chooseTime = (next: TTimeZonePreference) => {
    setSaving(next);
    setError(null);
    client.preferences.setTimeZone
      .mutate({ timeZone: next })
      .then((saved) => setPreference(saved.timeZone))
      .catch(() => setError('The time setting was not saved. Try again.'))
      .finally(() => setSaving(null));
  };

  return (
    <div className="preferences">
      <fieldset>
        <legend>Times</legend>
        {TIME_CHOICES.map((choice) => (
          <label key={choice.value}>
            <input type="radio" name="time-zone" value={choice.value} checked={(saving ?? preference) === choice.value} disabled={saving !== null} onChange={() => chooseTime(choice.value)} /> {choice.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Theme</legend>
        {THEME_CHOICES.map((choice) => (
          <label key={choice.value}>
            <input type="radio" name="theme" value={choice.value} checked={theme === choice.value} onChange={() => { setTheme(choice.value); chooseTheme(choice.value); }} /> {choice.label}
          </label>
        ))}
      </fieldset>
      {error && <div className="form-error" role="alert">{error}</div>}
    </div>
  );
}
