/**
 * A test harness: a fresh database, the app over it with a settable clock, and
 * helpers to make users and call the API as them (bearer tokens, like a script).
 */
import { afterAll, beforeAll } from 'vitest';
import { ManualClock } from '../../src/clock';
import { ensureAdmin } from '../../src/features/accounts/accounts.service';
import type { TokenCache } from '../../src/features/accounts/token-cache';
import { CrowdSnapshots } from '../../src/features/inbox/crowd.service';
import { createApp, type App } from '../../src/http/app';
import { createTestDatabase, type TestDatabase } from './db';

export interface Harness {
  app: App;
  database: TestDatabase;
  clock: ManualClock;
  /** Calls the API with a JSON body (if any) as the holder of `token` (if any). */
  req(
    method: string,
    path: string,
    opts?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  /** The same, returning {status, body}. */
  call<T = any>(
    method: string,
    path: string,
    opts?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  /** Creates a user (through the API, as the admin) and returns a bearer token for them. */
  user(handle: string, role?: 'analyst' | 'lead' | 'admin', teams?: string[]): Promise<string>;
  adminToken: string;
  /** Poses an open binary question (through the API, as the holder of `token`), closing at `closesAt` (ms). */
  binaryQuestion(token: string, key: string, closesAt: number): Promise<void>;
  /** The app's crowd-snapshot writer: `flush()` before reading the snapshots' tables directly. */
  crowdSnapshots: CrowdSnapshots;
}

export const ADMIN_PASSWORD = 'admin-password';

/** Sets up the harness for the current test file (beforeAll/afterAll). */
export function useHarness(
  start: string = '2023-08-25T00:00:00.000Z',
  options: { tokenCache?: TokenCache } = {},
): Harness {
  const h = { clock: new ManualClock(start) } as Harness;
  beforeAll(async () => {
    h.database = await createTestDatabase();
    h.crowdSnapshots = new CrowdSnapshots(h.database.db);
    const deps = {
      db: h.database.db,
      clock: h.clock,
      sessionDays: 14,
      secureCookies: false,
      crowdSnapshots: h.crowdSnapshots,
      ...options,
    };
    h.app = createApp(deps);
    h.req = async (method, path, opts = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      return h.app.request(path, { method, headers, body });
    };
    h.call = async (method, path, opts) => {
      const res = await h.req(method, path, opts);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: body as any };
    };
    await ensureAdmin(deps, 'admin', ADMIN_PASSWORD);
    const cookie = (
      await h.req('POST', '/api/session', { body: { handle: 'admin', password: ADMIN_PASSWORD } })
    ).headers.get('set-cookie')!;
    const tok = await h.call('POST', '/api/tokens', {
      body: { name: 'tests' },
      headers: { cookie: cookie.split(';')[0]! },
    });
    h.adminToken = tok.body.token;
    h.user = async (handle, role = 'analyst', teams) => {
      const created = await h.call('POST', '/api/users', {
        token: h.adminToken,
        body: {
          handle,
          displayName: handle.toUpperCase(),
          role,
          password: `${handle}-password`,
          ...(teams ? { teams } : {}),
        },
      });
      if (created.status !== 201)
        throw new Error(`creating ${handle}: ${created.status} ${JSON.stringify(created.body)}`);
      const cookieRes = await h.req('POST', '/api/session', { body: { handle, password: `${handle}-password` } });
      const c = cookieRes.headers.get('set-cookie')!.split(';')[0]!;
      const t = await h.call('POST', '/api/tokens', { body: { name: 'tests' }, headers: { cookie: c } });
      return t.body.token as string;
    };
    h.binaryQuestion = async (token, key, closesAt) => {
      const r = await h.call('POST', '/api/questions', {
        token,
        body: { key, title: `${key}?`, description: '', type: 'binary', closesAt: new Date(closesAt).toISOString() },
      });
      if (r.status !== 201) throw new Error(`posing ${key}: ${r.status} ${JSON.stringify(r.body)}`);
    };
  }, 60_000);
  afterAll(async () => {
    await h.crowdSnapshots?.flush();
    await h.database?.close();
  });
  return h;
}
