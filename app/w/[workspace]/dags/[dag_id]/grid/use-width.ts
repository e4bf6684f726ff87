'use client';

import { useCallback, useRef, useState } from 'react';

/**
 * An element's content width, kept up to date as the window resizes (0 until it is mounted).
 * Put it on an element that is there before the grid is: reading a width after the table is in
 * the page would force a layout of every square, and a second render at the right size.
 */
export function useWidth<T extends HTMLElement>(): [(element: T | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element) return;
    setWidth(element.clientWidth);
    observer.current = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)));
    observer.current.observe(element);
  }, []);
  return [ref, width];
}
