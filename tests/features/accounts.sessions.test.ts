/**
 * Sessions: the cookie, signing out, rotation at sign-in, expiry after 14 days,
 * and the per-handle limit on failed sign-ins. Tests in this file
 * move the clock forward only, so each later test starts after the last one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness();
const DAY = 86_400_000;
const MINUTE = 60_000;

/** Signs in and returns the response, its body and the `name=value` part of the cookie. */
async function signIn(handle: string, password: string, cookie?: string) {
  const res = await h.req('POST', '/api/session', { body: { handle, password }, headers: cookie ? { cookie } : {} });
  const setCookie = res.headers.get('set-cookie');
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, setCookie, cookie: setCookie?.split(';')[0] };
}

const me = (cookie: string) => h.call('GET', '/api/me', { headers: { cookie } });

function expectError(r: { status: number; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

beforeAll(async () => {
  for (const handle of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) await h.user(handle);
});

describe('POST /api/session', () => {
  it('returns the user and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const r = await signIn('alice', 'alice-password');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      user: {
        handle: 'alice',
        displayName: 'ALICE',
        role: 'analyst',
        active: true,
        teams: [],
        createdAt: expect.any(String),
      },
    });
    expect(r.setCookie).toMatch(/^reckon_session=[^;]+;/);
    expect(r.setCookie).toMatch(/;\s*HttpOnly/i);
    expect(r.setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(r.setCookie).toMatch(/;\s*Path=\//i);
    // The cookie lives as long as the session: 14 days from now.
    const expires = /Expires=([^;]+)/i.exec(r.setCookie!)?.[1];
    expect(new Date(expires!).getTime()).toBe(Math.floor((h.clock.now().getTime() + 14 * DAY) / 1000) * 1000);
  });

  it('lets GET /api/me read the user from the cookie', async () => {
    const { cookie } = await signIn('alice', 'alice-password');
    const r = await me(cookie!);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ handle: 'alice', role: 'analyst', active: true });
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const r = await signIn('bob', 'not-the-password');
    expectError(r, 401, 'unauthorized');
    expect(r.setCookie).toBeNull();
  });

  it('refuses an unknown handle with 401 and the same body as a wrong password', async () => {
    const unknown = await signIn('nobody-here', 'whatever-password');
    expectError(unknown, 401, 'unauthorized');
    expect(unknown.setCookie).toBeNull();
    const wrong = await signIn('bob', 'not-the-password');
    // No hint which of the two was wrong.
    expect(unknown.body).toEqual(wrong.body);
  });

  it('rejects a body without handle or password with 400 naming the fields', async () => {
    const r = await h.call('POST', '/api/session', { body: { handle: 'alice' } });
    expectError(r, 400, 'invalid_input');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['password']);
    const empty = await h.call('POST', '/api/session', { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['handle', 'password']);
  });

  it('without credentials, GET /api/me is 401', async () => {
    expectError(await h.call('GET', '/api/me'), 401, 'unauthorized');
    expectError(await me('reckon_session=made-up-value'), 401, 'unauthorized');
  });
});

describe('DELETE /api/session', () => {
  it('signs out: the cookie stops working and is cleared', async () => {
    const { cookie } = await signIn('alice', 'alice-password');
    expect((await me(cookie!)).status).toBe(200);
    const res = await h.req('DELETE', '/api/session', { headers: { cookie: cookie! } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('set-cookie')).toMatch(/^reckon_session=;.*Max-Age=0/i);
    expectError(await me(cookie!), 401, 'unauthorized');
  });

  it('leaves the user’s other sessions alone', async () => {
    const a = await signIn('alice', 'alice-password');
    const b = await signIn('alice', 'alice-password');
    expect((await h.req('DELETE', '/api/session', { headers: { cookie: a.cookie! } })).status).toBe(204);
    expect((await me(a.cookie!)).status).toBe(401);
    expect((await me(b.cookie!)).status).toBe(200);
  });
});

describe('rotation at sign-in', () => {
  it('signing in again with the old cookie ends the old session', async () => {
    const first = await signIn('bob', 'bob-password');
    expect((await me(first.cookie!)).status).toBe(200);
    const second = await signIn('bob', 'bob-password', first.cookie);
    expect(second.status).toBe(200);
    expect(second.cookie).not.toBe(first.cookie);
    expectError(await me(first.cookie!), 401, 'unauthorized');
    const r = await me(second.cookie!);
    expect(r.status).toBe(200);
    expect(r.body.user.handle).toBe('bob');
  });

  it('a failed sign-in leaves the presented session alone', async () => {
    const { cookie } = await signIn('bob', 'bob-password');
    expect((await signIn('bob', 'wrong-password', cookie)).status).toBe(401);
    expect((await me(cookie!)).status).toBe(200);
  });
});

describe('session expiry', () => {
  it('a session works for 14 days and not after', async () => {
    const { cookie } = await signIn('carol', 'carol-password');
    h.clock.advance(14 * DAY - MINUTE);
    expect((await me(cookie!)).status).toBe(200);
    h.clock.advance(2 * MINUTE);
    expectError(await me(cookie!), 401, 'unauthorized');
    // Signing in again gives a fresh 14 days.
    const again = await signIn('carol', 'carol-password');
    expect((await me(again.cookie!)).status).toBe(200);
  });
});

describe('failed sign-in limit', () => {
  it('after 10 failures for a handle, even the right password gets 429 until 15 minutes pass', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await signIn('dave', `wrong-${i}`);
      expectError(r, 401, 'unauthorized');
    }
    const locked = await signIn('dave', 'dave-password');
    expectError(locked, 429, 'too_many_requests');
    expect(locked.setCookie).toBeNull();

    // Failures of another handle don't count against this one, and vice versa.
    const other = await signIn('erin', 'erin-password');
    expect(other.status).toBe(200);

    h.clock.advance(14 * MINUTE);
    expectError(await signIn('dave', 'dave-password'), 429, 'too_many_requests');

    h.clock.advance(MINUTE + 1000);
    const ok = await signIn('dave', 'dave-password');
    expect(ok.status).toBe(200);
    expect(ok.body.user.handle).toBe('dave');
    expect((await me(ok.cookie!)).status).toBe(200);
  });

  it('the 429 attempts themselves do not extend the window', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('erin', `wrong-${i}`)).status).toBe(401);
    h.clock.advance(10 * MINUTE);
    for (let i = 0; i < 3; i++) expect((await signIn('erin', 'erin-password')).status).toBe(429);
    h.clock.advance(5 * MINUTE + 1000);
    expect((await signIn('erin', 'erin-password')).status).toBe(200);
  });

  it('counts failures for unknown handles too', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('ghost', `wrong-${i}`)).status).toBe(401);
    expectError(await signIn('ghost', 'anything-at-all'), 429, 'too_many_requests');
    // Other handles are unaffected.
    expect((await signIn('alice', 'alice-password')).status).toBe(200);
  });

  it('parallel attempts cannot get past the limit', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn('frank', `wrong-${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Each 401 is a password that was checked: 10 per window at most, however they arrive.
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(10);
    let more = 0;
    while (more < 30 && (await signIn('frank', `again-${more}`)).status === 401) more++;
    expect(checked + more).toBe(10);
    expectError(await signIn('frank', 'frank-password'), 429, 'too_many_requests');
  });

  it('existing sessions keep working while a handle is locked', async () => {
    const { cookie } = await signIn('bob', 'bob-password');
    for (let i = 0; i < 10; i++) await signIn('bob', `wrong-${i}`);
    expect((await signIn('bob', 'bob-password')).status).toBe(429);
    expect((await me(cookie!)).status).toBe(200);
  });
});
