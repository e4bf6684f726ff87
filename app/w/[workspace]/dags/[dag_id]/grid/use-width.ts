'use client';

import { type RefObject, useCallback, useRef, useState } from 'react';

/** An element's content width, kept up to date as the window resizes (0 until it is mounted), and the element. */
export function useWidth<T extends HTMLElement>(): [(element: T | null) => void, number, RefObject<T | null>] {
  const [width, setWidth] = useState(0);
  const element = useRef<T | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((next: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    element.current = next;
    if (!next) return;
    setWidth(next.clientWidth);
    observer.current = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)));
    observer.current.observe(next);
  }, []);
  return [ref, width, element];
}
