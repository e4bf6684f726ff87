'use client';

import { useState } from 'react';
import styles from './settings.module.css';

/** A secret shown once (a new API token, an invitation link), with a copy button. */
export function OneTimeSecret({ label, value, warning }: { label: string; value: string; warning: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className={styles.secretBox} role="status">
      <p><strong>{warning}</strong></p>
      <label htmlFor="one-time-secret">{label}</label>
      <input id="one-time-secret" readOnly value={value} onFocus={(event) => event.target.select()} />
      <button type="button" onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}
