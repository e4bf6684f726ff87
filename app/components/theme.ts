'use client';

import { useSyncExternalStore } from 'react';
import { THEME_STORAGE_ITEM } from './theme-script';

export type TThemeChoice = 'system' | 'light' | 'dark';
export type TTheme = 'light' | 'dark';

export function storedThemeChoice(): TThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_ITEM);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers the choice and re-applies it through the head script's listener (one resolver). */
export function chooseTheme(choice: TThemeChoice) {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_ITEM);
    else localStorage.setItem(THEME_STORAGE_ITEM, choice);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  window.dispatchEvent(new Event('tributary-theme'));
}

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The theme in effect (light or dark), for widgets that take a theme rather than CSS variables (CodeMirror, React Flow). */
export function useResolvedTheme(): TTheme {
  return useSyncExternalStore(
    subscribe,
    () => (document.documentElement.getAttribute('data-theme') === 'dark' ? 'dark' : 'light'),
    () => 'light',
  );
}
