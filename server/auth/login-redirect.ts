import { safeReturnPath } from './return-path';

/**
 * The header proxy.ts sets on every workspace request: the path and query the visitor asked
 * for. Next gives a layout no URL, and the workspace layout is where a signed-out visitor is
 * sent to log in; with this, they come back to the deep link they opened.
 */
export const RETURN_PATH_HEADER = 'x-tributary-return-path';

/** The path and query to come back to; Next's own `_rsc` cache-buster is not part of the page's URL. */
export function returnPathOf(url: { pathname: string; search: string }): string {
  const search = new URLSearchParams(url.search);
  search.delete('_rsc');
  const query = search.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** The login page, bringing the visitor back to `path` afterwards (a same-site path only). */
export function loginHref(path: string | null | undefined): string {
  const back = safeReturnPath(path);
  return back === '/' ? '/login' : `/login?callbackUrl=${encodeURIComponent(back)}`;
}
