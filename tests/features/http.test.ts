/**
 * What every route shares: the error body, public paths, the docs page, body
 * parsing and size limits, the Origin check on cookie-authenticated writes,
 * 404s and the OpenAPI document.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const h = useHarness();

function expectError(r: { status: number; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  if (status === 400) {
    expect(r.body.error.issues).toEqual(expect.any(Array));
    expect(r.body.error.issues.length).toBeGreaterThan(0);
    for (const i of r.body.error.issues) expect(i).toEqual({ path: expect.any(String), message: expect.any(String) });
  } else {
    expect(Object.keys(r.body.error).sort()).toEqual(['code', 'message']);
  }
}

/** The request's own origin as app.request() sees it. */
const SELF = 'http://localhost';

let analystToken: string;
let analystCookie: string;

beforeAll(async () => {
  analystToken = await h.user('ana');
  const res = await h.req('POST', '/api/session', { body: { handle: 'ana', password: 'ana-password' } });
  analystCookie = res.headers.get('set-cookie')!.split(';')[0]!;
});

describe('authentication', () => {
  it('an unauthenticated request to /api/users is 401 with the error body', async () => {
    const res = await h.req('GET', '/api/users');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectError({ status: res.status, body: await res.json() }, 401, 'unauthorized');
  });

  it('every non-public route needs credentials, whatever the method', async () => {
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['POST', '/api/users'],
      ['PATCH', '/api/users/ana'],
      ['POST', '/api/teams'],
      ['PUT', '/api/teams/x/members'],
      ['GET', '/api/audit'],
      ['POST', '/api/tokens'],
    ] as const) {
      const r = await h.call(method, path, { body: method === 'GET' ? undefined : {} });
      expect({ method, path, status: r.status }).toEqual({ method, path, status: 401 });
      expect(r.body.error.code).toBe('unauthorized');
    }
  });
});

describe('public paths', () => {
  it('/api/health is public', async () => {
    const r = await h.call('GET', '/api/health');
    expect(r).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('/api/openapi.json is public and lists the accounts paths', async () => {
    const r = await h.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    const paths = r.body.paths as Record<string, Record<string, unknown>>;
    const expected: Record<string, string[]> = {
      '/api/session': ['post', 'delete'],
      '/api/me': ['get'],
      '/api/tokens': ['post', 'get'],
      '/api/tokens/{id}': ['delete'],
      '/api/users': ['post', 'get'],
      '/api/users/{handle}': ['patch'],
      '/api/teams': ['post', 'get'],
      '/api/teams/{key}/members': ['put'],
      '/api/audit': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(paths, path).toHaveProperty([path]);
      for (const m of methods) expect(paths[path], `${m} ${path}`).toHaveProperty([m]);
    }
    // Request bodies are described as required JSON.
    const signIn = paths['/api/session']!.post as {
      requestBody: { required: boolean; content: Record<string, unknown> };
    };
    expect(signIn.requestBody.required).toBe(true);
    expect(signIn.requestBody.content).toHaveProperty(['application/json']);
    expect(r.body.components.schemas).toHaveProperty('Error');
  });

  it('/api/docs is public and loads only local scripts', async () => {
    const res = await h.req('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(src).toMatch(/^\/api\/docs\//);
    expect(scripts.some((s) => s.startsWith('/api/docs/assets/'))).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]+href\s*=\s*["']?(https?:)?\/\//i);
    // No inline scripts: the CSP allows only 'self'.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/i);
    // Every script it references is served, publicly.
    for (const src of scripts) {
      const asset = await h.req('GET', src);
      expect({ src, status: asset.status }).toEqual({ src, status: 200 });
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
  });

  it('an unknown docs asset is 404', async () => {
    const r = await h.call('GET', '/api/docs/assets/nope.js');
    expect(r.status).toBe(404);
    const traversal = await h.call('GET', '/api/docs/assets/..%2F..%2Fpackage.json');
    expect(traversal.status).toBe(404);
  });
});

describe('request bodies', () => {
  it('malformed JSON is 400 invalid_input', async () => {
    for (const body of ['{', '{"name": }', 'not json', '']) {
      const r = await h.call('POST', '/api/tokens', {
        token: analystToken,
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expectError(r, 400, 'invalid_input');
    }
  });

  it('a body that is JSON but not an object is 400 invalid_input', async () => {
    for (const body of ['[]', '"name"', '42', 'null']) {
      const r = await h.call('POST', '/api/tokens', { token: analystToken, body });
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expectError(r, 400, 'invalid_input');
    }
  });

  it('a missing or wrong content type is 400, not a silently empty body', async () => {
    const noType = await h.app.request('/api/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${analystToken}` },
      body: new TextEncoder().encode(JSON.stringify({ name: 'x' })),
    });
    expect(noType.headers.get('content-type')).toMatch(/^application\/json/);
    expectError({ status: noType.status, body: await noType.json() }, 400, 'invalid_input');

    const noBody = await h.call('POST', '/api/tokens', { token: analystToken });
    expectError(noBody, 400, 'invalid_input');

    const text = await h.call('POST', '/api/tokens', {
      token: analystToken,
      body: '{"name":"x"}',
      headers: { 'content-type': 'text/plain' },
    });
    expectError(text, 400, 'invalid_input');

    const form = await h.call('POST', '/api/tokens', {
      token: analystToken,
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(form, 400, 'invalid_input');

    // Nothing was created by any of them.
    const tokens = await h.call('GET', '/api/tokens', { token: analystToken });
    expect(tokens.body.tokens.map((t: { name: string }) => t.name)).not.toContain('x');
  });

  it('an unknown field is 400 naming the field', async () => {
    const r = await h.call('POST', '/api/tokens', { token: analystToken, body: { name: 'ok', admin: true } });
    expectError(r, 400, 'invalid_input');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['admin']);

    const two = await h.call('PATCH', '/api/users/ana', {
      token: h.adminToken,
      body: { displayName: 'Ana', passwordHash: 'x', isAdmin: true },
    });
    expectError(two, 400, 'invalid_input');
    expect(two.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['isAdmin', 'passwordHash']);

    const signIn = await h.call('POST', '/api/session', {
      body: { handle: 'ana', password: 'ana-password', remember: true },
    });
    expectError(signIn, 400, 'invalid_input');
    expect(signIn.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['remember']);
  });

  it('a body over 1 MB is 413 too_large', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const r = await h.call('POST', '/api/tokens', { token: analystToken, body: big });
    expectError(r, 413, 'too_large');
    // The same when the size is announced up front.
    const announced = await h.call('POST', '/api/tokens', {
      token: analystToken,
      body: big,
      headers: { 'content-length': String(Buffer.byteLength(big)) },
    });
    expectError(announced, 413, 'too_large');
    // Before authentication: an anonymous client cannot make the server read it either.
    const anonymous = await h.call('POST', '/api/session', { body: big });
    expectError(anonymous, 413, 'too_large');
  });

  it('a body just under 1 MB is read (and judged on its content)', async () => {
    const r = await h.call('POST', '/api/tokens', { token: analystToken, body: { name: 'x'.repeat(1000 * 1000) } });
    expectError(r, 400, 'invalid_input');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['name']);
  });
});

describe('Origin check on cookie-authenticated writes', () => {
  const post = (headers: Record<string, string>, token?: string) =>
    h.call('POST', '/api/tokens', { token, body: { name: 'origin test' }, headers });

  it('a foreign Origin is refused with 403', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null', 'not a url']) {
      const r = await post({ cookie: analystCookie, origin });
      expect({ origin, status: r.status }).toEqual({ origin, status: 403 });
      expectError(r, 403, 'forbidden');
    }
    // Other write methods too.
    expectError(
      await h.call('DELETE', '/api/session', { headers: { cookie: analystCookie, origin: 'https://evil.example' } }),
      403,
      'forbidden',
    );
    expectError(
      await h.call('DELETE', '/api/tokens/1', { headers: { cookie: analystCookie, origin: 'https://evil.example' } }),
      403,
      'forbidden',
    );
    // The refused sign-out did not sign out.
    expect((await h.call('GET', '/api/me', { headers: { cookie: analystCookie } })).status).toBe(200);
  });

  it('a browser saying cross-site without an Origin is refused', async () => {
    expectError(await post({ cookie: analystCookie, 'sec-fetch-site': 'cross-site' }), 403, 'forbidden');
  });

  it('the same Origin is allowed', async () => {
    const r = await post({ cookie: analystCookie, origin: SELF });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe('origin test');
    const sameSite = await post({ cookie: analystCookie, origin: SELF, 'sec-fetch-site': 'same-origin' });
    expect(sameSite.status).toBe(201);
  });

  it('reads with a cookie need no Origin check', async () => {
    const r = await h.call('GET', '/api/me', { headers: { cookie: analystCookie, origin: 'https://evil.example' } });
    expect(r.status).toBe(200);
  });

  it('a bearer token with a foreign Origin is allowed', async () => {
    const r = await post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, analystToken);
    expect(r.status).toBe(201);
    expect(r.body.token).toEqual(expect.any(String));
  });
});

describe('not found', () => {
  it('an unknown API route is 404 with the error body', async () => {
    const r = await h.call('GET', '/api/no-such-thing', { token: analystToken });
    expectError(r, 404, 'not_found');
    const wrongMethod = await h.call('DELETE', '/api/users', { token: analystToken });
    expect([404, 405]).toContain(wrongMethod.status);
    expect(wrongMethod.body.error.code).toEqual(expect.any(String));
  });

  it('an unknown path outside /api is 404 JSON too', async () => {
    const res = await h.req('GET', '/no-such-page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectError({ status: 404, body: await res.json() }, 404, 'not_found');
  });
});

describe('no request gets a 500', () => {
  it('odd paths, params and headers are 4xx with the error body', async () => {
    const cases: Array<[string, string, Record<string, string>?]> = [
      ['GET', '/api/users/%ZZ'],
      ['PATCH', '/api/users/%ZZ'],
      ['DELETE', '/api/tokens/%00'],
      ['DELETE', '/api/tokens/1e400'],
      ['GET', '/api/audit?limit=1e400'],
      ['GET', '/api/audit?since=2024-13-45T99:99:99Z'],
      ['GET', '/api/audit?action=' + 'a'.repeat(500)],
      ['GET', '/api/me', { cookie: 'reckon_session=%ZZ%' }],
      ['GET', '/api/me', { cookie: `reckon_session=${'x'.repeat(5000)}` }],
    ];
    for (const [method, path, headers] of cases) {
      const r = await h.call(method, path, {
        token: headers ? undefined : h.adminToken,
        headers,
        body: method === 'PATCH' ? {} : undefined,
      });
      expect({ method, path, ok: r.status >= 400 && r.status < 500 }).toEqual({ method, path, ok: true });
      expect(r.body.error.code).toEqual(expect.any(String));
    }
  });
});

describe('roles are checked before bodies', () => {
  it('refuses a non-admin with 403 even when the body is also invalid', async () => {
    const analyst = await h.user('role-first-analyst');
    for (const [method, path] of [
      ['POST', '/api/users'],
      ['POST', '/api/teams'],
      ['PATCH', '/api/users/admin'],
      ['PUT', '/api/teams/x/members'],
      ['PATCH', '/api/settings'],
      ['POST', '/api/suggestions/1/dismiss'],
    ] as const) {
      const r = await h.call(method, path, { token: analyst, body: { nonsense: true } });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const resolve = await h.call('POST', '/api/questions/nope/resolution', { token: analyst, body: { outcome: 42 } });
    expect(resolve.status).toBe(403);
  });
});
