/**
 * Browsers, link unfurlers and feed readers ask for /favicon.ico whatever the page's <link
 * rel="icon"> says (Chromium does when it looks before the page's head has arrived): they are
 * sent to the app's one icon, app/icon.svg.
 */
export function GET(): Response {
  return new Response(null, { status: 308, headers: { location: '/icon.svg', 'cache-control': 'public, max-age=86400' } });
}
