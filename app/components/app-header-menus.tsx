'use client';

import { DropdownMenu, Popover } from 'radix-ui';
import type { ReactNode } from 'react';
import styles from './app-header.module.css';

type TWorkspace = { slug: string; name: string; role: string };

/**
 * The workspace switcher: a menu of links, one per workspace of the user, each to that
 * workspace's home; the current one is marked. Enter, Space or ArrowDown opens it from the
 * keyboard; the arrows move, Enter follows, Escape closes it onto its button. Radix names the
 * menu after its button.
 */
export function WorkspaceSwitcher({ current, workspaces }: { current: TWorkspace; workspaces: readonly TWorkspace[] }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className={styles.trigger} aria-label={`Workspace: ${current.name}. Switch workspace`}>
        <span className={styles.label}>{current.name} <span className="muted">({current.role})</span></span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className={styles.content} align="start" sideOffset={4} collisionPadding={12}>
          {workspaces.map((workspace) => (
            <DropdownMenu.Item key={workspace.slug} asChild className={styles.item}>
              <a href={`/w/${workspace.slug}`} aria-current={workspace.slug === current.slug ? 'page' : undefined}>
                {workspace.name} <span className="muted">{workspace.role}</span>
              </a>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/**
 * The user menu: the account's email, the display settings and Log out. It holds form controls
 * (radios, a form), which a menu's items cannot be, so it is a popover (a non-modal dialog):
 * Tab moves through it, Escape or a click elsewhere closes it.
 */
export function UserMenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Popover.Root>
      <Popover.Trigger className={styles.trigger}><span className={styles.label}>{label}</span></Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className={`${styles.content} ${styles.userMenu}`} align="end" sideOffset={4} collisionPadding={12} aria-label="User menu">
          {children}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
