/**
 * Where to go after logging in or signing up: only a path on this site (`/invite/…`), never
 * another origin (`//evil.example`, `https://…`), so a crafted link cannot make the login page
 * an open redirect. Anything else means the home page.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return /[\u0000-\u001f]/.test(value) ? '/' : value;
}
