'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../trpc-provider';
import { appendLogPage, EMPTY_BUFFER, type TLogBuffer } from './log-viewer-model';

export type TLogTarget = { dagId: string; runId: string; taskId: string; tryNumber: number };

const POLL_MS = 1_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/**
 * One attempt's log, read page by page after the last chunk seen and appended as lines, each
 * with its stream and time of arrival. While
 * `live`, it asks again every second, so new lines appear within a second of being stored.
 */
export function useTaskLog(target: TLogTarget, live: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [log, setLog] = useState<TLogBuffer>(EMPTY_BUFFER);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const { dagId, runId, taskId, tryNumber } = target;
  // A ref, not a dependency: the attempt finishing must end the polling, not reload the log.
  const liveRef = useRef(live);
  useEffect(() => {
    liveRef.current = live;
  }, [live]);

  useEffect(() => {
    const controller = new AbortController();
    setLog(EMPTY_BUFFER);
    setError(null);
    setLoading(true);
    void (async () => {
      let afterSeq = -1;
      while (!controller.signal.aborted) {
        const input = { dagId, runId, taskId, tryNumber, afterSeq, full: false };
        // staleTime/gcTime 0: every page is read fresh and not kept (the lines are kept here).
        const page = await queryClient.fetchQuery({ ...trpc.dagViews.log.queryOptions(input), staleTime: 0, gcTime: 0 }).catch((cause: unknown) => {
          setError(cause instanceof Error ? cause.message : 'The log could not be read.');
          return null;
        });
        if (controller.signal.aborted || !page) break;
        afterSeq = page.lastSeq;
        setLog((current) => appendLogPage(current, page));
        setLoading(false);
        const gotText = page.content !== '';
        if (page.more && gotText) continue;
        if (!liveRef.current) break;
        await sleep(POLL_MS, controller.signal);
      }
      setLoading(false);
    })();
    return () => controller.abort();
  }, [dagId, runId, taskId, tryNumber, queryClient, trpc]);

  const download = useCallback(async () => {
    const input = { dagId, runId, taskId, tryNumber, afterSeq: -1, full: true };
    const page = await queryClient.fetchQuery({ ...trpc.dagViews.log.queryOptions(input), staleTime: 0, gcTime: 0 });
    const url = URL.createObjectURL(new Blob([page.content], { type: 'text/plain' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `${dagId}__${runId}__${taskId}__try-${tryNumber}.log`;
    anchor.click();
    URL.revokeObjectURL(url);
  }, [dagId, runId, taskId, tryNumber, queryClient, trpc]);

  return { log, error, loading, download };
}
