'use client';

import { useCallback, useSyncExternalStore } from 'react';

const STORAGE_KEY = 'tributary.log.timestamps';
const listeners = new Set<() => void>();
/** Where the choice lives when the browser refuses storage (private mode): this page's lifetime. */
let memory: boolean | null = null;

function read(): boolean {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored !== null) return stored !== 'off';
  } catch {
    // Storage refused: fall back to the choice made on this page.
  }
  return memory ?? true;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab's choice applies here too.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/**
 * Whether log lines show their time (on unless the user turned it off), remembered in
 * localStorage for every log in this browser. The server renders them on; the browser's choice
 * replaces that after hydration without a mismatch.
 */
export function useLogTimestamps(): [boolean, (shown: boolean) => void] {
  const shown = useSyncExternalStore(subscribe, read, () => true);
  const setShown = useCallback((next: boolean) => {
    memory = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next ? 'on' : 'off');
    } catch {
      // Kept in memory only.
    }
    for (const listener of listeners) listener();
  }, []);
  return [shown, setShown];
}
