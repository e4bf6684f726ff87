'use client';

import { Tabs } from 'radix-ui';
import type { ReactNode } from 'react';
import { tryCount } from './try-count';
import styles from './try-tabs.module.css';

export type TTry = { number: number; state?: string };

type TProps = {
  tries: readonly TTry[];
  /** The instance's max_tries, when the page has it: each tab then says "Try 2 of 4". */
  maxTries?: number;
  selected: number;
  onSelect: (tryNumber: number) => void;
  /** The selected try's error and log: the tab panel the selected tab controls. */
  children: ReactNode;
};

/**
 * One tab per attempt of a task instance (newest last). Radix moves between them with Left/Right
 * (stopping at either end, not wrapping round), Home and End, and selects the tab it lands on.
 */
export function TryTabs({ tries, maxTries, selected, onSelect, children }: TProps) {
  return (
    <Tabs.Root value={String(selected)} onValueChange={(value) => onSelect(Number(value))}>
      <Tabs.List aria-label="Tries" className={styles.tabs} loop={false}>
        {tries.map((item) => (
          <Tabs.Trigger key={item.number} value={String(item.number)}>
            Try {maxTries === undefined ? item.number : tryCount(item.number, maxTries)}{item.state ? ` (${item.state})` : ''}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      <Tabs.Content value={String(selected)}>{children}</Tabs.Content>
    </Tabs.Root>
  );
}
