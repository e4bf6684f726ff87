'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { runsChoice, withRunsQuery } from './grid-runs';
import { lineFromHash, selectionFromPath, selectionHref, tryFromSearch, withViewQuery, type TGridSelection, type TPanelView, type TSelectionUrl } from './grid-url';

/** The fragment never reaches the server nor Next's router: read it from the location after every move. */
function useHash(): [string, (hash: string) => void] {
  const [hash, setHash] = useState('');
  useEffect(() => {
    const read = () => setHash(window.location.hash);
    read();
    window.addEventListener('hashchange', read);
    window.addEventListener('popstate', read);
    return () => {
      window.removeEventListener('hashchange', read);
      window.removeEventListener('popstate', read);
    };
  }, []);
  return [hash, setHash];
}

/**
 * The grid's selection, derived from the URL alone (path, `?try=`, `#L`). Opening and closing a
 * panel push a history entry; picking a try or a line replaces it, so Back closes the panel.
 * The native history API is enough: Next.js keeps usePathname and useSearchParams in step with
 * it, and no server round trip re-renders the page, so the grid keeps its place and its focus.
 */
export function useGridSelection(workspace: string, dagId: string, view: TPanelView = 'grid') {
  const pathname = usePathname();
  const search = useSearchParams();
  const [hash, setHash] = useHash();
  const fromPath = selectionFromPath(pathname, workspace, dagId);
  const runId = fromPath?.runId ?? null;
  const taskId = fromPath?.taskId ?? null;
  const selection = useMemo<TGridSelection | null>(() => (runId === null ? null : { runId, taskId }), [runId, taskId]);
  const tryNumber = taskId === null ? null : tryFromSearch(search.get('try'));
  const line = taskId === null ? null : lineFromHash(hash);

  const go = useCallback(
    (url: TSelectionUrl, mode: 'push' | 'replace') => {
      // The number of runs shown stays as the panels open and close (it is the grid's, not the panel's).
      const href = withViewQuery(
        withRunsQuery(selectionHref(workspace, dagId, url), runsChoice(new URLSearchParams(window.location.search).get('runs'))),
        url.selection ? view : 'grid',
      );
      if (mode === 'push') window.history.pushState(null, '', href);
      else window.history.replaceState(null, '', href);
      setHash(new URL(href, window.location.href).hash);
    },
    [workspace, dagId, view, setHash],
  );
  return {
    selection,
    tryNumber,
    line,
    open: useCallback((next: TGridSelection) => go({ selection: next }, 'push'), [go]),
    close: useCallback(() => go({ selection: null }, 'push'), [go]),
    selectTry: useCallback((number: number) => go({ selection, tryNumber: number }, 'replace'), [go, selection]),
    // A line is always named with its try, so the link still means this log once more tries run.
    selectLine: useCallback((number: number, line: number) => go({ selection, tryNumber: number, line }, 'replace'), [go, selection]),
  };
}
