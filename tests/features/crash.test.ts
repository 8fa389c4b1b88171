/**
 * Durability across a crash: the server as its own process on the PostgreSQL
 * server, several writers posting forecasts at once, SIGKILL while they write,
 * a restart on the same database: every forecast that got a 201 is there.
 * A SIGKILL of a process holding an embedded PGlite means nothing to a shared
 * server, so this runs only with TEST_DATABASE_URL (as CI does).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const root = path.resolve(__dirname, '../..');
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const ADMIN = { handle: 'admin', password: 'crash-test-password' };
let database: TestDatabase | undefined;
const children: ChildProcessWithoutNullStreams[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await database?.close();
});

/** Starts the server on the test database; resolves with its base URL once it listens. */
async function start(url: string): Promise<{ child: ChildProcessWithoutNullStreams; base: string }> {
  // node itself, not the tsx wrapper: SIGKILL must hit the process that holds the connections.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: url,
      PORT: '0',
      RECKON_LOG_REQUESTS: 'false',
      RECKON_ADMIN_HANDLE: ADMIN.handle,
      RECKON_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  for (let i = 0; i < 600 && !/listening on/.test(output); i++) await new Promise((r) => setTimeout(r, 100));
  const base = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  if (!base) throw new Error(`the server did not start:\n${output}`);
  return { child, base };
}

async function call(base: string, method: string, p: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

async function tokenFor(base: string, handle: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const t = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ name: 'crash' }),
  });
  expect(t.status).toBe(201);
  return ((await t.json()) as { token: string }).token;
}

describe('a crash mid-stream', () => {
  it.skipIf(!onServer)(
    'every forecast that got a 201 survives SIGKILL and a restart',
    async () => {
      database = await createTestDatabase();
      const first = await start(database.url!);
      const admin = await tokenFor(first.base, ADMIN.handle, ADMIN.password);
      const writers = ['ana', 'ben', 'cy', 'dee', 'eve', 'fay'];
      const tokens: string[] = [];
      for (const w of writers) {
        const u = await call(first.base, 'POST', '/api/users', admin, {
          handle: w,
          displayName: w,
          role: 'analyst',
          password: `${w}-password`,
        });
        expect(u.status).toBe(201);
        tokens.push(await tokenFor(first.base, w, `${w}-password`));
      }
      const q = await call(first.base, 'POST', '/api/questions', admin, {
        key: 'crash',
        title: 'Crash?',
        description: '',
        type: 'binary',
        closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      expect(q.status, JSON.stringify(q.body)).toBe(201);

      // Writers post as fast as they can until the server dies under them.
      const accepted: number[] = [];
      let failed = 0;
      const write = async (token: string) => {
        for (let i = 0; ; i++) {
          try {
            const r = await call(first.base, 'POST', '/api/questions/crash/forecasts', token, {
              probability: ((i % 99) + 1) / 100,
            });
            if (r.status === 201) accepted.push(r.body.forecast.id);
          } catch {
            failed++;
            return;
          }
        }
      };
      const running = Promise.all(tokens.map(write));
      for (let i = 0; i < 3000 && accepted.length < 100; i++) await new Promise((r) => setTimeout(r, 20));
      first.child.kill('SIGKILL');
      await running;
      expect(failed).toBe(writers.length);
      expect(accepted.length).toBeGreaterThanOrEqual(100);

      const second = await start(database.url!);
      const stored = await call(second.base, 'GET', '/api/questions/crash/forecasts', admin);
      expect(stored.status).toBe(200);
      const ids = new Set<number>(stored.body.forecasts.map((f: { id: number }) => f.id));
      expect(accepted.filter((id) => !ids.has(id))).toEqual([]);
      second.child.kill('SIGTERM');
    },
    180_000,
  );
});
