'use client';

import Link from 'next/link';
import { Toast } from 'radix-ui';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import styles from './toast.module.css';

/** Where the toast leads: what the action made (the run, the backfill, the new version...). */
export type TToastLink = { href: string; label: string };
export type TToastOptions = { description?: string; link?: TToastLink };
export type TToastApi = {
  /** Confirms an action; gone after SUCCESS_MS unless the pointer or focus is on it. */
  success: (title: string, options?: TToastOptions) => void;
  /** A failure stays until dismissed: the user may be looking elsewhere when it happens. */
  error: (title: string, options?: TToastOptions) => void;
};

type TToast = TToastOptions & { id: number; kind: 'success' | 'error'; title: string; open: boolean };

const SUCCESS_MS = 6_000;
/** Closed toasts go at the next push; at most this many open ones are kept. */
const MAX_KEPT = 20;

const ToastContext = createContext<TToastApi | null>(null);

/** The one toast system of a workspace's pages: put once around them (the tRPC provider does). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly TToast[]>([]);
  const lastId = useRef(0);
  const push = useCallback((kind: TToast['kind'], title: string, options: TToastOptions = {}) => {
    lastId.current += 1;
    const id = lastId.current;
    setToasts((current) => [...current.filter((toast) => toast.open).slice(-MAX_KEPT), { ...options, id, kind, title, open: true }]);
  }, []);
  const api = useMemo<TToastApi>(() => ({
    success: (title, options) => push('success', title, options),
    error: (title, options) => push('error', title, options),
  }), [push]);
  const close = (id: number) => setToasts((current) => current.map((toast) => (toast.id === id ? { ...toast, open: false } : toast)));
  return (
    <ToastContext.Provider value={api}>
      <Toast.Provider duration={SUCCESS_MS} label="Notification">
        {children}
        {toasts.map((toast) => <ToastItem key={toast.id} toast={toast} onClose={() => close(toast.id)} />)}
        <Toast.Viewport className={styles.viewport} label="Notifications ({hotkey})" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onClose }: { toast: TToast; onClose: () => void }) {
  const isError = toast.kind === 'error';
  return (
    <Toast.Root
      className={`${styles.toast} ${isError ? styles.error : styles.success}`}
      open={toast.open}
      onOpenChange={(open) => { if (!open) onClose(); }}
      // An error interrupts (assertive) and waits for the user; a confirmation is polite and leaves.
      type={isError ? 'foreground' : 'background'}
      duration={isError ? Infinity : SUCCESS_MS}
      data-kind={toast.kind}
    >
      <Toast.Title className={styles.title}>{toast.title}</Toast.Title>
      {toast.description && <Toast.Description className={styles.description}>{toast.description}</Toast.Description>}
      {toast.link && (
        <Toast.Action asChild altText={`${toast.link.label}: ${toast.link.href}`}>
          <Link className={styles.link} href={toast.link.href}>{toast.link.label}</Link>
        </Toast.Action>
      )}
      <Toast.Close className={styles.close} aria-label="Dismiss notification">×</Toast.Close>
    </Toast.Root>
  );
}

/** The workspace's toasts; outside a ToastProvider (a page outside any workspace) a no-op. */
export function useToast(): TToastApi {
  return useContext(ToastContext) ?? NO_TOASTS;
}

const NO_TOASTS: TToastApi = { success: () => undefined, error: () => undefined };

/** A refused call's message for an error toast, without the stack or JSON. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
