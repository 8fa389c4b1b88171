/**
 * Issue 8, findings 2-5: sign-in limits per (handle, client address) and per
 * address; tokens ended for good by deactivation and password changes; the
 * Origin check compares scheme, host and port; the CSP's extra directives.
 * A request's client address is its socket's peer (set here through the
 * node-server bindings), X-Forwarded-For only behind a trusted proxy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/http/app';
import { ADMIN_PASSWORD, useHarness } from '../helpers/app';

const MINUTE = 60_000;
const h = useHarness('2023-09-01T00:00:00.000Z');
let proxied: App;
let secure: App;

beforeAll(async () => {
  for (const u of ['ana', 'bob', 'cy', 'dan', 'eve']) await h.user(u);
  const deps = { db: h.database.db, clock: h.clock, sessionDays: 14 };
  proxied = createApp({ ...deps, secureCookies: false, trustProxy: true });
  secure = createApp({ ...deps, secureCookies: true });
});

/** The node-server bindings getConnInfo reads the socket's peer from. */
const peer = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 40000 } } });

async function signIn(handle: string, password: string, address: string, headers = {}, app?: App) {
  const res = await (app ?? h.app).request(
    '/api/session',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ handle, password }),
    },
    peer(address),
  );
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0], body: await res.json() };
}

async function as(credentials: { token?: string; cookie?: string }, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  if (credentials.cookie) headers.cookie = credentials.cookie;
  const r = await h.call(method, path, { headers, body });
  return r;
}

describe('failed sign-in limits (finding 2)', () => {
  it('10 wrong guesses from one address lock that (handle, address) only: the right password from elsewhere signs in', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('admin', `guess-${i}`, '203.0.113.9')).status).toBe(401);
    const locked = await signIn('admin', ADMIN_PASSWORD, '203.0.113.9');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_requests');
    const fromOffice = await signIn('admin', ADMIN_PASSWORD, '198.51.100.7');
    expect(fromOffice.status).toBe(200);
    expect(fromOffice.cookie).toBeTruthy();
    // The locked address may still sign in as someone else.
    expect((await signIn('ana', 'ana-password', '203.0.113.9')).status).toBe(200);
    h.clock.advance(15 * MINUTE + 1000);
    expect((await signIn('admin', ADMIN_PASSWORD, '203.0.113.9')).status).toBe(200);
  });

  it('spraying: 50 failures from one address over many handles lock that address for every handle', async () => {
    h.clock.advance(15 * MINUTE + 1000);
    const handles = ['ana', 'bob', 'cy', 'dan', 'eve', 'nobody'];
    for (let i = 0; i < 50; i++) {
      expect((await signIn(handles[i % handles.length]!, `spray-${i}`, '192.0.2.50')).status).toBe(401);
    }
    const r = await signIn('bob', 'bob-password', '192.0.2.50');
    expect(r.status).toBe(429);
    expect(r.body.error.message).toMatch(/from your address/);
    expect((await signIn('bob', 'bob-password', '192.0.2.51')).status).toBe(200);
  });

  it('X-Forwarded-For is ignored unless RECKON_TRUST_PROXY: the socket peer is counted', async () => {
    h.clock.advance(15 * MINUTE + 1000);
    for (let i = 0; i < 10; i++) {
      const r = await signIn('cy', `guess-${i}`, '192.0.2.60', { 'x-forwarded-for': `10.0.0.${i}` });
      expect(r.status).toBe(401);
    }
    expect((await signIn('cy', 'cy-password', '192.0.2.60', { 'x-forwarded-for': '10.9.9.9' })).status).toBe(429);
  });

  it('behind a trusted proxy, the last X-Forwarded-For entry is the client', async () => {
    h.clock.advance(15 * MINUTE + 1000);
    const proxy = '10.0.0.1';
    for (let i = 0; i < 10; i++) {
      const r = await signIn('dan', `guess-${i}`, proxy, { 'x-forwarded-for': '203.0.113.77' }, proxied);
      expect(r.status).toBe(401);
    }
    // A client cannot step out of its count by prepending an address of its own.
    const forged = await signIn('dan', 'dan-password', proxy, { 'x-forwarded-for': '1.2.3.4, 203.0.113.77' }, proxied);
    expect(forged.status).toBe(429);
    const other = await signIn('dan', 'dan-password', proxy, { 'x-forwarded-for': '203.0.113.78' }, proxied);
    expect(other.status).toBe(200);
  });
});

describe('tokens end with deactivation and password changes (finding 3)', () => {
  async function sessionAndToken(handle: string, password = `${handle}-password`) {
    const { cookie } = await signIn(handle, password, '192.0.2.1');
    const t = await as({ cookie: cookie! }, 'POST', '/api/tokens', { name: 'script' });
    expect(t.status).toBe(201);
    return { cookie: cookie!, token: t.body.token as string };
  }

  it('deactivation revokes tokens for good: reactivating brings none back', async () => {
    const { token } = await sessionAndToken('eve');
    expect((await as({ token }, 'GET', '/api/me')).status).toBe(200);
    const off = await h.call('PATCH', '/api/users/eve', { token: h.adminToken, body: { active: false } });
    expect(off.status).toBe(200);
    expect((await as({ token }, 'GET', '/api/me')).status).toBe(401);
    const on = await h.call('PATCH', '/api/users/eve', { token: h.adminToken, body: { active: true } });
    expect(on.status).toBe(200);
    expect((await as({ token }, 'GET', '/api/me')).status).toBe(401);
    const { cookie } = await signIn('eve', 'eve-password', '192.0.2.1');
    const list = await as({ cookie: cookie! }, 'GET', '/api/tokens');
    expect(list.body.tokens.length).toBeGreaterThan(0);
    for (const t of list.body.tokens) expect(t.revokedAt).toEqual(expect.any(String));
  });

  it("an admin's password change ends every session and token of that user", async () => {
    const a = await sessionAndToken('bob');
    const r = await h.call('PATCH', '/api/users/bob', { token: h.adminToken, body: { password: 'bob-new-password' } });
    expect(r.status).toBe(200);
    expect((await as({ token: a.token }, 'GET', '/api/me')).status).toBe(401);
    expect((await as({ cookie: a.cookie }, 'GET', '/api/me')).status).toBe(401);
  });

  it('an admin changing their own password keeps the session making the change', async () => {
    const mine = await sessionAndToken('admin', ADMIN_PASSWORD);
    const other = (await signIn('admin', ADMIN_PASSWORD, '192.0.2.2')).cookie!;
    const r = await as({ cookie: mine.cookie }, 'PATCH', '/api/users/admin', { password: 'admin-new-password' });
    expect(r.status).toBe(200);
    expect((await as({ cookie: mine.cookie }, 'GET', '/api/me')).status).toBe(200);
    expect((await as({ cookie: other }, 'GET', '/api/me')).status).toBe(401);
    expect((await as({ token: mine.token }, 'GET', '/api/me')).status).toBe(401);
    // Put it back for the other tests (the harness's admin token was revoked: sign in anew).
    expect((await as({ cookie: mine.cookie }, 'PATCH', '/api/users/admin', { password: ADMIN_PASSWORD })).status).toBe(
      200,
    );
    h.adminToken = (await as({ cookie: mine.cookie }, 'POST', '/api/tokens', { name: 'tests' })).body.token;
  });

  it('PUT /api/me/password: needs the current password; ends other sessions and every token', async () => {
    const a = await sessionAndToken('ana');
    const other = (await signIn('ana', 'ana-password', '192.0.2.3')).cookie!;
    const wrong = await as({ cookie: a.cookie }, 'PUT', '/api/me/password', {
      currentPassword: 'not-it',
      newPassword: 'ana-new-password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['currentPassword']);
    expect((await as({ token: a.token }, 'GET', '/api/me')).status).toBe(200);
    const short = await as({ cookie: a.cookie }, 'PUT', '/api/me/password', {
      currentPassword: 'ana-password',
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['newPassword']);

    const ok = await as({ cookie: a.cookie }, 'PUT', '/api/me/password', {
      currentPassword: 'ana-password',
      newPassword: 'ana-new-password',
    });
    expect(ok.status).toBe(204);
    expect((await as({ cookie: a.cookie }, 'GET', '/api/me')).status).toBe(200);
    expect((await as({ cookie: other }, 'GET', '/api/me')).status).toBe(401);
    expect((await as({ token: a.token }, 'GET', '/api/me')).status).toBe(401);
    expect((await signIn('ana', 'ana-password', '192.0.2.4')).status).toBe(401);
    expect((await signIn('ana', 'ana-new-password', '192.0.2.4')).status).toBe(200);
    expect(
      (await h.call('PUT', '/api/me/password', { body: { currentPassword: 'x', newPassword: 'y'.repeat(9) } })).status,
    ).toBe(401);
  });
});

describe('bearer tokens on public paths', () => {
  it('a bad token is ignored on a public path and refused elsewhere', async () => {
    const bad = { authorization: 'Bearer rk_not-a-token' };
    expect((await h.call('GET', '/api/health', { headers: bad })).status).toBe(200);
    expect((await h.call('GET', '/api/openapi.json', { headers: bad })).status).toBe(200);
    const r = await h.app.request(
      '/api/session',
      {
        method: 'POST',
        headers: { ...bad, 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'cy', password: 'cy-password' }),
      },
      peer('192.0.2.9'),
    );
    expect(r.status).toBe(200);
    expect((await h.call('GET', '/api/me', { headers: bad })).status).toBe(401);
  });
});

describe('the Origin check compares scheme, host and port (finding 4)', () => {
  const write = async (app: App, cookie: string, headers: Record<string, string>) =>
    (
      await app.request('/api/tokens', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'origin' }),
      })
    ).status;

  it('over http, an https Origin of the same host is refused; another port too', async () => {
    const { cookie } = await signIn('cy', 'cy-password', '192.0.2.10');
    expect(await write(h.app, cookie!, { origin: 'https://localhost' })).toBe(403);
    expect(await write(h.app, cookie!, { origin: 'http://localhost:8080' })).toBe(403);
    expect(await write(h.app, cookie!, { origin: 'http://localhost' })).toBe(201);
    expect(await write(h.app, cookie!, { origin: 'http://localhost:80' })).toBe(201);
  });

  it('with secure cookies the site is https; behind a trusted proxy, X-Forwarded-Proto says', async () => {
    const { cookie } = await signIn('cy', 'cy-password', '192.0.2.10');
    expect(await write(secure, cookie!, { origin: 'https://localhost' })).toBe(201);
    expect(await write(secure, cookie!, { origin: 'http://localhost' })).toBe(403);
    expect(await write(proxied, cookie!, { origin: 'https://localhost', 'x-forwarded-proto': 'https' })).toBe(201);
    expect(await write(proxied, cookie!, { origin: 'http://localhost', 'x-forwarded-proto': 'https' })).toBe(403);
    // Without trust, the header is the client's word and is ignored.
    expect(await write(h.app, cookie!, { origin: 'https://localhost', 'x-forwarded-proto': 'https' })).toBe(403);
  });
});

describe('Content-Security-Policy (finding 5)', () => {
  const csp = async (path: string) => (await h.req('GET', path)).headers.get('content-security-policy') ?? '';

  it("pages: base-uri 'none', form-action 'self', object-src 'none', no inline styles", async () => {
    for (const path of ['/', '/api/health']) {
      const policy = await csp(path);
      expect(policy).toContain("base-uri 'none'");
      expect(policy).toContain("form-action 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toMatch(/style-src 'self'(;|$)/);
      expect(policy).not.toContain('unsafe-inline');
    }
  });

  it("the API docs page (Swagger UI) keeps style-src 'unsafe-inline' and the rest", async () => {
    const policy = await csp('/api/docs');
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("script-src 'self'");
  });
});
