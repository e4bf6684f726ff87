'use client';

import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { Dialog } from 'radix-ui';
import { useEffect, useState } from 'react';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { SearchResults } from './search-palette-results';
import { hitHref, opensPalette, type TPaletteHit } from './search-palette-model';
import styles from './search-palette.module.css';

const DEBOUNCE_MS = 150;

type TState = { status: 'idle' | 'loading' | 'done' | 'error'; hits: TPaletteHit[]; message?: string };

/**
 * The header's search box: a button, `/` or Ctrl-K / Cmd-K open a palette over the page that
 * searches the workspace as you type. The header sits outside the pages' tRPC provider, so the
 * palette has its own small client.
 */
export function SearchPalette({ workspace }: { workspace: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!opensPalette(event, event.target instanceof HTMLElement ? event.target : null)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={styles.trigger} aria-keyshortcuts="/ Control+K Meta+K">
        Search <kbd className={styles.kbd}>/</kbd>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content className={styles.content} aria-describedby={undefined}>
          <Dialog.Title className={styles.srOnly}>Search this workspace</Dialog.Title>
          <PaletteBody workspace={workspace} onOpen={() => setOpen(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteBody({ workspace, onOpen }: { workspace: string; onOpen: () => void }) {
  const router = useRouter();
  const [client] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc', headers: () => ({ 'x-tributary-workspace': workspace }) })] }));
  const [q, setQ] = useState('');
  const [state, setState] = useState<TState>({ status: 'idle', hits: [] });
  const [active, setActive] = useState(0);

  useEffect(() => {
    const text = q.trim();
    if (text === '') {
      setState({ status: 'idle', hits: [] });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((previous) => ({ ...previous, status: 'loading' }));
      client.search.query
        .query({ q: text.slice(0, 200) }, { signal: controller.signal })
        .then((hits) => {
          setState({ status: 'done', hits });
          setActive(0);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', hits: [], message: error instanceof Error ? error.message : 'Search failed.' });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, q]);

  const openHit = (hit: TPaletteHit | undefined) => {
    const href = hit === undefined ? null : hitHref(workspace, hit);
    if (href === null) return;
    onOpen();
    router.push(href);
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const count = state.hits.length;
    if (event.key === 'ArrowDown' && count > 0) setActive((index) => (index + 1) % count);
    else if (event.key === 'ArrowUp' && count > 0) setActive((index) => (index - 1 + count) % count);
    else if (event.key === 'Enter') openHit(state.hits[active]);
    else return;
    event.preventDefault();
  };

  return (
    <>
      <input
        className={styles.input}
        type="search"
        role="combobox"
        aria-label="Search datasets, columns, DAGs, tasks and incidents"
        aria-expanded={state.hits.length > 0}
        aria-controls="search-palette-results"
        aria-activedescendant={state.hits.length > 0 ? `search-hit-${active}` : undefined}
        aria-autocomplete="list"
        placeholder="Search datasets, columns, DAGs, tasks, incidents…"
        autoComplete="off"
        spellCheck={false}
        value={q}
        onChange={(event) => setQ(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <p className={styles.status} role="status">
        {state.status === 'loading' ? 'Searching…' : state.status === 'error' ? state.message : state.status === 'done' && state.hits.length === 0 ? `Nothing matches “${q.trim()}”.` : ''}
      </p>
      <SearchResults hits={state.hits} active={active} workspace={workspace} onHover={setActive} onOpen={onOpen} />
    </>
  );
}
