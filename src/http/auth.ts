/**
 * Authentication (session cookie or bearer token) and the role checks every
 * route uses. Cookie-authenticated writes must come from our own origin:
 * Hono's csrf() only looks at form posts, and our writes are JSON.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppContext } from '../context';
import type { Actor, Role } from '../domain/access';
import { DomainError, isDomainError } from '../domain/errors';
import { authenticate } from '../features/accounts/sessions.service';
import { siteOrigin } from './client';
import type { AppEnv } from './router';

export const SESSION_COOKIE = 'reckon_session';

const PUBLIC_PATHS = new Set(['/api/health', '/api/openapi.json', '/api/session']);

function bearerOf(c: Context): string | undefined {
  const h = c.req.header('authorization');
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new DomainError('unauthorized', 'The Authorization header must be "Bearer <token>"');
  return m[1];
}

/** Whether a write comes from this site: the Origin's scheme, host and port all match. */
function sameOrigin(c: Context, opts: { trustProxy: boolean; secureCookies: boolean }): boolean {
  const origin = c.req.header('origin');
  if (origin) {
    try {
      return new URL(origin).origin === siteOrigin(c, opts);
    } catch {
      return false;
    }
  }
  // No Origin: a non-browser client, unless the browser says it is cross-site.
  const site = c.req.header('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Sets `user` and `authVia`; refuses API requests without credentials, except public paths.
 * An unknown or revoked bearer token is 401, except on a public path, where it is ignored (a
 * stale header must not stop a sign-in or a health check).
 */
export function authMiddleware(
  deps: Pick<AppContext, 'db' | 'clock' | 'secureCookies' | 'trustProxy' | 'tokenCache'>,
): MiddlewareHandler<AppEnv> {
  const site = { trustProxy: deps.trustProxy ?? false, secureCookies: deps.secureCookies };
  return async (c, next) => {
    const path = c.req.path;
    const isPublic = PUBLIC_PATHS.has(path) || path === '/api/docs' || path.startsWith('/api/docs/');
    let auth: Awaited<ReturnType<typeof authenticate>>;
    try {
      auth = await authenticate(deps, { sessionId: getCookie(c, SESSION_COOKIE), bearer: bearerOf(c) });
    } catch (e) {
      if (!isPublic || !isDomainError(e) || e.code !== 'unauthorized') throw e;
      auth = await authenticate(deps, { sessionId: getCookie(c, SESSION_COOKIE) });
    }
    c.set('user', auth?.user ?? null);
    c.set('authVia', auth?.via ?? null);
    if (!auth && !isPublic && path.startsWith('/api/')) {
      throw new DomainError('unauthorized', 'Sign in (POST /api/session) or send "Authorization: Bearer <token>"');
    }
    if (auth?.via === 'cookie' && !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && !sameOrigin(c, site)) {
      throw new DomainError('forbidden', 'Cross-origin request refused (the Origin header does not match this site)');
    }
    await next();
  };
}

export function requireUser(c: Context<AppEnv>): Actor {
  const user = c.get('user');
  if (!user) throw new DomainError('unauthorized', 'Not signed in');
  return user;
}

/** The signed-in user, if they hold one of the roles. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): Actor {
  const user = requireUser(c);
  if (!roles.includes(user.role)) {
    throw new DomainError('forbidden', `This needs the role ${roles.join(' or ')}; you are ${user.role}`);
  }
  return user;
}

/**
 * Route middleware refusing other roles before the body is validated, so a
 * caller without the role learns that first (403), not what is wrong with a
 * body they may not send anyway.
 *
 * @example
 * createRoute({ method: 'post', path: '/users', middleware: [roles('admin')], ... })
 */
export function roles(...allowed: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireRole(c, ...allowed);
    await next();
  };
}
