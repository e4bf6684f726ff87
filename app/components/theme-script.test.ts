import { describe, expect, it } from 'vitest';
import { THEME_SCRIPT, THEME_STORAGE_ITEM } from './theme-script';

/** Runs the head script against a stand-in browser: what data-theme it sets, and its listeners. */
function runScript(stored: string | null, systemDark: boolean) {
  const attributes = new Map<string, string>();
  const listeners: Record<string, () => void> = {};
  const storage = new Map<string, string>(stored === null ? [] : [[THEME_STORAGE_ITEM, stored]]);
  const media = { matches: systemDark, addEventListener: (_: string, listener: () => void) => (listeners.system = listener) };
  const window = { matchMedia: () => media, addEventListener: (name: string, listener: () => void) => (listeners[name] = listener) };
  const document = { documentElement: { setAttribute: (name: string, value: string) => attributes.set(name, value) } };
  const localStorage = { getItem: (key: string) => storage.get(key) ?? null };
  new Function('window', 'document', 'localStorage', THEME_SCRIPT)(window, document, localStorage);
  return { theme: () => attributes.get('data-theme'), media, storage, listeners };
}

describe('the theme script in <head>', () => {
  it.each([
    [null, false, 'light'],
    [null, true, 'dark'],
    ['dark', false, 'dark'],
    ['light', true, 'light'],
    ['purple', true, 'dark'],
  ] as const)('stored %s with a dark system %s paints %s', (stored, systemDark, expected) => {
    expect(runScript(stored, systemDark).theme()).toBe(expected);
  });

  it('follows the system while the choice is system, and a new choice at once', () => {
    const browser = runScript(null, false);
    browser.media.matches = true;
    browser.listeners.system?.();
    expect(browser.theme()).toBe('dark');
    browser.storage.set(THEME_STORAGE_ITEM, 'light');
    browser.listeners['tributary-theme']?.();
    expect(browser.theme()).toBe('light');
  });
});
