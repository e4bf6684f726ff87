'use client';

import type { KeyboardEvent } from 'react';
import { tryCount } from './try-count';
import styles from './try-tabs.module.css';

export type TTry = { number: number; state?: string };

type TProps = {
  tries: readonly TTry[];
  /** The instance's max_tries, when the page has it: each tab then says "Try 2 of 4". */
  maxTries?: number;
  selected: number;
  onSelect: (tryNumber: number) => void;
};

/** One tab per attempt of a task instance (newest last); Left/Right move between them. */
export function TryTabs({ tries, maxTries, selected, onSelect }: TProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tries.findIndex((item) => item.number === selected);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const next = tries[index + step];
    if (step === 0 || !next) return;
    event.preventDefault();
    onSelect(next.number);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-try="${next.number}"]`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Tries" className={styles.tabs} onKeyDown={onKeyDown}>
      {tries.map((item) => (
        <button
          key={item.number}
          type="button"
          role="tab"
          data-try={item.number}
          aria-selected={item.number === selected}
          tabIndex={item.number === selected ? 0 : -1}
          onClick={() => onSelect(item.number)}
        >
          Try {maxTries === undefined ? item.number : tryCount(item.number, maxTries)}{item.state ? ` (${item.state})` : ''}
        </button>
      ))}
    </div>
  );
}
