/**
 * API tokens: created once, listed without the secret, accepted as a bearer on
 * every route, revoked by their owner only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness();

function expectError(r: { status: number; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

async function cookieFor(handle: string): Promise<string> {
  const res = await h.req('POST', '/api/session', { body: { handle, password: `${handle}-password` } });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

let aliceToken: string;
let bobToken: string;

beforeAll(async () => {
  aliceToken = await h.user('alice');
  bobToken = await h.user('bob');
});

describe('POST /api/tokens', () => {
  it('creates a token (201) and shows it once', async () => {
    const created = await h.call('POST', '/api/tokens', { token: aliceToken, body: { name: 'laptop script' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      token: expect.any(String),
      id: expect.any(Number),
      name: 'laptop script',
      createdAt: expect.any(String),
    });
    expect(created.body.token.length).toBeGreaterThanOrEqual(32);
    expect(new Date(created.body.createdAt).toISOString()).toBe(created.body.createdAt);

    const list = await h.call('GET', '/api/tokens', { token: aliceToken });
    expect(list.status).toBe(200);
    const entry = list.body.tokens.find((t: { id: number }) => t.id === created.body.id);
    expect(entry).toEqual({
      id: created.body.id,
      name: 'laptop script',
      createdAt: created.body.createdAt,
      revokedAt: null,
    });
    // The secret is never shown again, under any key.
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    for (const t of list.body.tokens) expect(t).not.toHaveProperty('token');

    const me = await h.call('GET', '/api/me', { token: created.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.handle).toBe('alice');
  });

  it('works with a session cookie too', async () => {
    const created = await h.call('POST', '/api/tokens', {
      headers: { cookie: await cookieFor('bob') },
      body: { name: 'from the browser' },
    });
    expect(created.status).toBe(201);
    expect((await h.call('GET', '/api/me', { token: created.body.token })).body.user.handle).toBe('bob');
  });

  it('rejects a missing or blank name with 400 at path name', async () => {
    for (const body of [{}, { name: '   ' }, { name: 42 }]) {
      const r = await h.call('POST', '/api/tokens', { token: aliceToken, body });
      expectError(r, 400, 'invalid_input');
      expect(r.body.error.issues).toEqual([expect.objectContaining({ path: 'name', message: expect.any(String) })]);
    }
  });

  it('lists only your own tokens', async () => {
    const mine = await h.call('GET', '/api/tokens', { token: aliceToken });
    const theirs = await h.call('GET', '/api/tokens', { token: bobToken });
    const mineIds = new Set(mine.body.tokens.map((t: { id: number }) => t.id));
    expect(theirs.body.tokens.length).toBeGreaterThan(0);
    for (const t of theirs.body.tokens) expect(mineIds.has(t.id)).toBe(false);
  });
});

describe('bearer tokens', () => {
  it('are accepted on every accounts route', async () => {
    const admin = (await h.call('POST', '/api/tokens', { token: h.adminToken, body: { name: 'every route' } })).body
      .token as string;
    const spare = (await h.call('POST', '/api/tokens', { token: admin, body: { name: 'to revoke' } })).body;
    const cases: Array<[string, string, unknown, number]> = [
      ['GET', '/api/me', undefined, 200],
      ['GET', '/api/tokens', undefined, 200],
      ['POST', '/api/tokens', { name: 'another' }, 201],
      ['DELETE', `/api/tokens/${spare.id}`, undefined, 204],
      ['GET', '/api/users', undefined, 200],
      [
        'POST',
        '/api/users',
        { handle: 'via-bearer', displayName: 'Via Bearer', role: 'analyst', password: 'long-enough' },
        201,
      ],
      ['PATCH', '/api/users/via-bearer', { displayName: 'Still Via Bearer' }, 200],
      ['GET', '/api/teams', undefined, 200],
      ['POST', '/api/teams', { key: 'bearers', name: 'Bearers' }, 201],
      ['PUT', '/api/teams/bearers/members', { handles: ['via-bearer'] }, 200],
      ['GET', '/api/audit', undefined, 200],
      ['DELETE', '/api/session', undefined, 204],
    ];
    for (const [method, path, body, status] of cases) {
      const r = await h.call(method, path, { token: admin, body });
      expect({ method, path, status: r.status }).toEqual({ method, path, status });
    }
    // Signing out with a bearer does not touch the token.
    expect((await h.call('GET', '/api/me', { token: admin })).status).toBe(200);
  });

  it('an unknown token is 401, not anonymous (but ignored on a public path)', async () => {
    expectError(await h.call('GET', '/api/me', { token: 'rk_not-a-real-token' }), 401, 'unauthorized');
    // On a public path a stale token is ignored: it must not stop a sign-in (issue 8).
    const signIn = await h.call('POST', '/api/session', {
      token: 'rk_not-a-real-token',
      body: { handle: 'alice', password: 'alice-password' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.handle).toBe('alice');
  });

  it('a malformed Authorization header is 401', async () => {
    for (const authorization of [
      'Basic YWxpY2U6cGFzc3dvcmQ=',
      'Bearer',
      'Bearer ',
      'Bearer two tokens',
      aliceToken,
      'Token ' + aliceToken,
    ]) {
      const r = await h.call('GET', '/api/me', { headers: { authorization } });
      expect({ authorization, status: r.status }).toEqual({ authorization, status: 401 });
      expect(r.body.error.code).toBe('unauthorized');
    }
  });

  it('the scheme is case-insensitive', async () => {
    expect((await h.call('GET', '/api/me', { headers: { authorization: `bearer ${aliceToken}` } })).status).toBe(200);
  });
});

describe('DELETE /api/tokens/{id}', () => {
  it('revokes (204); the token stops working at once and shows revokedAt', async () => {
    const created = (await h.call('POST', '/api/tokens', { token: aliceToken, body: { name: 'short-lived' } })).body;
    expect((await h.call('GET', '/api/me', { token: created.token })).status).toBe(200);

    const res = await h.req('DELETE', `/api/tokens/${created.id}`, { token: aliceToken });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    expectError(await h.call('GET', '/api/me', { token: created.token }), 401, 'unauthorized');
    const list = await h.call('GET', '/api/tokens', { token: aliceToken });
    const entry = list.body.tokens.find((t: { id: number }) => t.id === created.id);
    expect(entry.revokedAt).toEqual(expect.any(String));

    // Revoking it again: there is no live token with that id.
    expectError(await h.call('DELETE', `/api/tokens/${created.id}`, { token: aliceToken }), 404, 'not_found');
  });

  it('a token may revoke itself', async () => {
    const created = (await h.call('POST', '/api/tokens', { token: aliceToken, body: { name: 'self' } })).body;
    expect((await h.call('DELETE', `/api/tokens/${created.id}`, { token: created.token })).status).toBe(204);
    expect((await h.call('GET', '/api/me', { token: created.token })).status).toBe(401);
  });

  it("revoking someone else's token is 404 and leaves it working", async () => {
    const bobs = (await h.call('POST', '/api/tokens', { token: bobToken, body: { name: 'bob only' } })).body;
    expectError(await h.call('DELETE', `/api/tokens/${bobs.id}`, { token: aliceToken }), 404, 'not_found');
    // Not even an admin revokes another user's token this way.
    expectError(await h.call('DELETE', `/api/tokens/${bobs.id}`, { token: h.adminToken }), 404, 'not_found');
    expect((await h.call('GET', '/api/me', { token: bobs.token })).status).toBe(200);
  });

  it('an unknown id is 404; a malformed id is 400 at path id', async () => {
    expectError(await h.call('DELETE', '/api/tokens/999999', { token: aliceToken }), 404, 'not_found');
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999']) {
      const r = await h.call('DELETE', `/api/tokens/${id}`, { token: aliceToken });
      expectError(r, 400, 'invalid_input');
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['id']);
    }
  });

  it('without credentials is 401', async () => {
    expectError(await h.call('DELETE', '/api/tokens/1'), 401, 'unauthorized');
    expectError(await h.call('GET', '/api/tokens'), 401, 'unauthorized');
    expectError(await h.call('POST', '/api/tokens', { body: { name: 'x' } }), 401, 'unauthorized');
  });
});
