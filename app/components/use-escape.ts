'use client';

import { useLayoutEffect, useRef } from 'react';

/**
 * A side panel's close button: it takes the focus when the panel opens, and Escape anywhere closes.
 * A layout effect, so both hold from the moment the panel is on screen: a passive effect runs
 * after paint, and on a busy machine an Escape pressed in between was lost.
 */
export function useEscape(onClose: () => void) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return closeRef;
}
