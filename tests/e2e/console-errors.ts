import type { Page } from 'playwright-core';

const FAILED_RESOURCE = 'Failed to load resource: the server responded with a status of';

/**
 * Errors a page logs (console.error and uncaught exceptions) while a test drives it, so the
 * test can assert there were none. Each names where it came from (for a refused request, the
 * URL). Chromium logs a refused request the test provokes on purpose as "Failed to load
 * resource: ... status of N"; `allowed` lists such statuses. `reset` forgets what was logged so
 * far, `stop` stops listening.
 */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  const onConsole = (message: { type: () => string; text: () => string; location: () => { url: string } }) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    errors.push(url ? `${message.text()} (${url})` : message.text());
  };
  const onError = (error: Error) => errors.push(error.message);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return {
    unexpected: (allowed: number[] = []): string[] => errors.filter((text) => !allowed.some((status) => text.includes(`${FAILED_RESOURCE} ${status}`))),
    reset: () => {
      errors.length = 0;
    },
    stop: () => {
      page.off('console', onConsole);
      page.off('pageerror', onError);
    },
  };
}
