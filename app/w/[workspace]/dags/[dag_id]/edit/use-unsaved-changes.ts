'use client';

import { useEffect } from 'react';

const GUARD = '__tributaryUnsavedGuard';

/** A same-tab link to another page, followed by a plain left click. */
function leavingLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return null;
  const to = new URL(anchor.href, location.href);
  const here = new URL(location.href);
  if (to.origin === here.origin && to.pathname === here.pathname && to.search === here.search) return null;
  return anchor;
}

/**
 * While `dirty`, leaving the page asks first: a link or tab (Next's client navigation included:
 * the click is stopped in the capture phase, before React sees it), Back (a guard history entry
 * on top of the page's own, so Back pops the guard instead of the page), and closing or
 * reloading the browser tab (beforeunload). When it turns clean, the guard entry goes away.
 */
export function useUnsavedChanges(dirty: boolean, question: string) {
  useEffect(() => {
    if (!dirty) return;
    // Set once the user agreed to leave, so the browser does not ask a second time.
    let leaving = false;
    const onClick = (event: MouseEvent) => {
      if (!leavingLink(event)) return;
      if (window.confirm(question)) { leaving = true; return; }
      event.preventDefault();
      event.stopPropagation();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving) return;
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = '';
    };
    const arm = () => history.pushState({ ...(history.state as object | null), [GUARD]: true }, '', location.href);
    const onPopState = () => {
      if (leaving) return;
      if (window.confirm(question)) {
        leaving = true;
        history.back();
      } else {
        arm();
      }
    };
    if (!(history.state as Record<string, unknown> | null)?.[GUARD]) arm();
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('popstate', onPopState);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('popstate', onPopState);
      // Clean again (saved or discarded) while still on the page: drop the guard entry, so
      // Back leaves at once. Not after leaving: the guard is then history already.
      if (!leaving && (history.state as Record<string, unknown> | null)?.[GUARD]) history.back();
    };
  }, [dirty, question]);
}
