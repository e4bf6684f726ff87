'use client';

import { Dialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import styles from './modal-dialog.module.css';

type TProps = {
  /** The dialog's accessible name, shown as its heading. */
  title: ReactNode;
  /** One line under the title, read with it by a screen reader. */
  description: ReactNode;
  /** Escape and every `Dialog.Close` inside call it; the caller then unmounts the dialog. */
  onClose: () => void;
  children: ReactNode;
};

/**
 * A modal dialog, open for as long as the caller renders it (the callers keep an `open` flag of
 * their own). Radix traps the focus inside and hides the page from assistive technology. The
 * focus goes back to whatever had it when the dialog opened, the caller's button: the callers do
 * not use `Dialog.Trigger`, and without one Radix would leave the focus on the page's body.
 */
export function ModalDialog({ title, description, onClose, children }: TProps) {
  // Read while rendering the dialog's first frame: by the time effects run, Radix has moved the focus in.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  return (
    <Dialog.Root open onOpenChange={(open) => { if (!open) onClose(); }}>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content
          className={styles.content}
          // A click beside the dialog does not throw away what was typed in it (as the native dialog did not).
          onInteractOutside={(event) => event.preventDefault()}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
          }}
        >
          <Dialog.Title className={styles.title}>{title}</Dialog.Title>
          <Dialog.Description className={styles.description}>{description}</Dialog.Description>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
