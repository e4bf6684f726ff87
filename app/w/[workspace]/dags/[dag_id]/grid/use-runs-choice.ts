'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_RUNS, runsChoice, type TRunsChoice } from './grid-runs';

const STORAGE_KEY = 'tributary.grid.runs';

function storedChoice(): TRunsChoice | null {
  try {
    return runsChoice(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    // Storage can be refused (private windows, policies): the grid then starts at the default.
    return null;
  }
}

/**
 * The number of runs the grid shows: `?runs=` in the URL, else the browser's last choice, else
 * 25. Null until the browser's choice has been read (after hydration: the server cannot know
 * it), so the grid does not fetch 25 runs only to fetch 100 a moment later. Choosing writes
 * both, replacing the history entry: a view setting, not a place Back should return to.
 */
export function useRunsChoice(): { runs: TRunsChoice | null; choose: (runs: TRunsChoice) => void } {
  const fromUrl = runsChoice(useSearchParams().get('runs'));
  const [stored, setStored] = useState<TRunsChoice | null | undefined>(undefined);
  useEffect(() => setStored(storedChoice()), []);
  const choose = useCallback((runs: TRunsChoice) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(runs));
    } catch {
      // Not remembered in this browser; the URL still carries it.
    }
    setStored(runs);
    const url = new URL(window.location.href);
    url.searchParams.set('runs', String(runs));
    window.history.replaceState(window.history.state, '', url);
  }, []);
  const runs = fromUrl ?? (stored === undefined ? null : (stored ?? DEFAULT_RUNS));
  return { runs, choose };
}
