import { logOut } from '../auth-actions';
import { UserMenu, WorkspaceSwitcher } from './app-header-menus';
import { HeaderNavMenu } from './header-nav-menu';
import { SearchPalette } from './search-palette';
import { UserPreferences } from './user-preferences';

type TProps = {
  current: { slug: string; name: string; role: string };
  workspaces: readonly { slug: string; name: string; role: string }[];
  user: { email: string; name: string | null };
};

/** The brand, the workspace switcher, the workspace's links (a Menu on a phone) and the user menu. */
export function AppHeader({ current, workspaces, user }: TProps) {
  const links = [
    { href: `/w/${current.slug}`, label: 'Home' },
    { href: `/w/${current.slug}/dags`, label: 'DAGs' },
    { href: `/w/${current.slug}/task-instances`, label: 'Task instances' },
    { href: `/w/${current.slug}/incidents`, label: 'Incidents' },
    { href: `/w/${current.slug}/datasets`, label: 'Datasets' },
    { href: `/w/${current.slug}/settings`, label: 'Settings' },
    { href: '/status', label: 'Status' },
  ];
  return (
    <header className="app-header">
      <a href="/" className="brand">Tributary</a>
      <WorkspaceSwitcher current={current} workspaces={workspaces} />
      <nav aria-label="Workspace">
        {links.map((link) => <a key={link.href} href={link.href}>{link.label}</a>)}
      </nav>
      <SearchPalette workspace={current.slug} />
      <HeaderNavMenu links={links} />
      <UserMenu label={user.name ?? user.email}>
        <p className="muted">{user.email}</p>
        <UserPreferences />
        <form action={logOut}>
          <button type="submit">Log out</button>
        </form>
      </UserMenu>
    </header>
  );
}
