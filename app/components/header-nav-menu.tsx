'use client';

import { DropdownMenu } from 'radix-ui';

type TProps = { links: readonly { href: string; label: string }[] };

/**
 * The header's navigation on a phone (below 700 px, where the links would not fit): one
 * Menu button opening the same links. CSS shows either this or the inline nav, never both.
 */
export function HeaderNavMenu({ links }: TProps) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="nav-menu-trigger">Menu</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="nav-menu-content" align="start" sideOffset={4} aria-label="Navigation">
          {links.map((link) => (
            <DropdownMenu.Item key={link.href} asChild className="nav-menu-item">
              <a href={link.href}>{link.label}</a>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
