'use client';

import { useEffect, useRef } from 'react';

/** A side panel's close button: it takes the focus when the panel opens, and Escape anywhere closes. */
export function useEscape(onClose: () => void) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return closeRef;
}
