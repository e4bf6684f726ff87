import { NextResponse, type NextRequest } from 'next/server';
import { RETURN_PATH_HEADER, returnPathOf } from './server/auth/login-redirect';

/**
 * Tells the workspace layout which URL was asked for (a layout gets no URL from Next), so a
 * signed-out visitor of a deep link is sent to log in and comes back to it. Any value the
 * client sent under the same header name is overwritten.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(RETURN_PATH_HEADER, returnPathOf(request.nextUrl));
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/w/:path*'] };
