import type { Page } from 'playwright-core';

/**
 * Errors a page logs (console.error and uncaught exceptions) while a test drives it, so the
 * test can assert there were none. Chromium logs a refused request the test provokes on
 * purpose as "Failed to load resource: ... status of N"; `allowed` lists such statuses.
 */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    unexpected: (allowed: number[] = []) =>
      errors.filter((text) => !allowed.some((status) => text.includes(`Failed to load resource: the server responded with a status of ${status}`))),
  };
}
