/**
 * Who is at the other end of a request: the client's address (for the sign-in
 * limits) and the origin the browser sees (for the Origin check). Behind a
 * reverse proxy (RECKON_TRUST_PROXY=true) both come from the proxy's headers;
 * otherwise those headers are the client's own words and are ignored.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The address sign-in failures are counted under. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the peer it saw: the last entry is the one a client cannot forge.
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 100);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket (an in-process request, as in tests): one shared address.
    return 'unknown';
  }
}

/** This site's origin (scheme, host and port) as the browser addressed it. */
export function siteOrigin(c: Context, opts: { trustProxy: boolean; secureCookies: boolean }): string {
  const url = new URL(c.req.url);
  const proto = opts.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  // Secure cookies are only sent over HTTPS: a cookie-authenticated request came over HTTPS.
  const scheme = proto ? `${proto}:` : opts.secureCookies ? 'https:' : url.protocol;
  return new URL(`${scheme}//${url.host}`).origin;
}
