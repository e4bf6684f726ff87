import { logOut } from '../auth-actions';

type TProps = {
  current: { slug: string; name: string; role: string };
  workspaces: readonly { slug: string; name: string; role: string }[];
  user: { email: string; name: string | null };
};

/** Workspace switcher and user menu: native <details> menus, so keyboard and no-JS work. */
export function AppHeader({ current, workspaces, user }: TProps) {
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
        <a href={`/w/${current.slug}`}>Home</a>
        <a href={`/w/${current.slug}/dags`}>DAGs</a>
        <a href={`/w/${current.slug}/task-instances`}>Task instances</a>
        <a href={`/w/${current.slug}/settings`}>Settings</a>
        <a href="/status">Status</a>
      </nav>
      <details className="menu user-menu">
        <summary>{user.name ?? user.email}</summary>
        <div className="menu-body">
          <p className="muted">{user.email}</p>
          <form action={logOut}>
            <button type="submit">Log out</button>
          </form>
        </div>
      </details>
    </header>
  );
}
