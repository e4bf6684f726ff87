import { logOut } from '../auth-actions';
import { HeaderNavMenu } from './header-nav-menu';
import { UserPreferences } from './user-preferences';

type TProps = {
  current: { slug: string; name: string; role: string };
  workspaces: readonly { slug: string; name: string; role: string }[];
  user: { email: string; name: string | null };
};

/** Workspace switcher and user menu: native <details> menus, so keyboard and no-JS work. */
export function AppHeader({ current, workspaces, user }: TProps) {
  const links = [
    { href: `/w/${current.slug}`, label: 'Home' },
    { href: `/w/${current.slug}/dags`, label: 'DAGs' },
    { href: `/w/${current.slug}/task-instances`, label: 'Task instances' },
    { href: `/w/${current.slug}/settings`, label: 'Settings' },
    { href: '/status', label: 'Status' },
  ];
  return (
    <header className="app-header">
      <a href="/" className="brand">Tributary</a>
      <details className="menu">
        <summary aria-label={`Workspace: ${current.name}. Switch workspace`}>{current.name} <span className="muted">({current.role})</span></summary>
        <ul role="list">
          {workspaces.map((workspace) => (
            <li key={workspace.slug}>
              <a href={`/w/${workspace.slug}/dags`} aria-current={workspace.slug === current.slug ? 'page' : undefined}>
                {workspace.name} <span className="muted">{workspace.role}</span>
              </a>
            </li>
          ))}
        </ul>
      </details>
      <nav aria-label="Workspace">
        {links.map((link) => <a key={link.href} href={link.href}>{link.label}</a>)}
      </nav>
      <HeaderNavMenu links={links} />
      <details className="menu user-menu">
        <summary>{user.name ?? user.email}</summary>
        <div className="menu-body">
          <p className="muted">{user.email}</p>
          <UserPreferences />
          <form action={logOut}>
            <button type="submit">Log out</button>
          </form>
        </div>
      </details>
    </header>
  );
}
