/**
 * The demo archive (demo/archive.json): imported into a fresh workspace,
 * exported, imported into another fresh workspace and exported again, the
 * documents agree but for `exportedAt` and the importing admins. The scores
 * the import leaves behind are the ones a full rescore computes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { ensureAdmin } from '../../src/features/accounts/accounts.service';
import { rescoreAll } from '../../src/features/scores/rescoring.service';
import { createApp } from '../../src/http/app';
import { useHarness } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const DEMO_TEXT = readFileSync(new URL('../../demo/archive.json', import.meta.url), 'utf8');
const demo = JSON.parse(DEMO_TEXT);

const h = useHarness('2026-11-28T06:00:00.000Z');

type Call = (
  method: string,
  path: string,
  opts?: { token?: string; body?: unknown },
) => Promise<{ status: number; body: any }>;

async function freshWorkspace(
  adminHandle: string,
): Promise<{ call: Call; text: (path: string) => Promise<string>; token: string; database: TestDatabase }> {
  const database = await createTestDatabase();
  const deps = {
    db: database.db,
    clock: new ManualClock('2026-12-01T00:00:00.000Z'),
    sessionDays: 14,
    secureCookies: false,
  };
  const app = createApp(deps);
  const password = `${adminHandle}-password`;
  await ensureAdmin(deps, adminHandle, password);
  const call: Call = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch {
      return { status: res.status, body: text };
    }
  };
  const session = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle: adminHandle, password }),
  });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const minted = await app.request('/api/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'tests' }),
  });
  const token = ((await minted.json()) as { token: string }).token;
  const text = async (path: string) =>
    (await app.request(path, { headers: { authorization: `Bearer ${token}` } })).text();
  return { call, text, token, database };
}

const others: TestDatabase[] = [];
afterAll(async () => {
  for (const d of others) await d.close();
});

function comparable(doc: any, without: string[] = []) {
  const { exportedAt, ...rest } = doc;
  expect(typeof exportedAt).toBe('string');
  return { ...rest, users: rest.users.filter((u: any) => !without.includes(u.handle)) };
}

const demoCounts = {
  teams: demo.teams.length,
  users: demo.users.length,
  questions: demo.questions.length,
  forecasts: demo.forecasts.length,
  resolutions: demo.resolutions.length,
  clarifications: demo.clarifications?.length ?? 0,
  suggestions: demo.suggestions?.length ?? 0,
};

let first: any;

beforeAll(async () => {
  // The raw file, byte for byte, as a client would upload it.
  const r = await h.call('POST', '/api/import', { token: h.adminToken, body: DEMO_TEXT });
  expect(r.status, JSON.stringify(r.body).slice(0, 2000)).toBe(200);
  expect(r.body).toEqual({ imported: demoCounts });
  const e = await h.call('GET', '/api/export', { token: h.adminToken });
  expect(e.status).toBe(200);
  first = e.body;
}, 120_000);

describe('the demo archive', () => {
  it('is a sizeable archive of every question type, with a re-resolution and an annulment', () => {
    expect(demoCounts.forecasts).toBeGreaterThan(1000);
    expect(new Set(demo.questions.map((q: any) => q.type))).toEqual(new Set(['binary', 'categorical', 'ordinal']));
    expect(demo.resolutions.some((r: any) => r.outcome === 'annulled')).toBe(true);
  });

  it('comes back out as it went in (plus the importing admin)', () => {
    expect(first.users.map((u: any) => u.handle)).toContain('admin');
    expect(comparable(first, ['admin'])).toEqual(comparable(demo));
  });

  it('survives import into another fresh workspace and export again', async () => {
    const w = await freshWorkspace('root');
    others.push(w.database);
    const r = await w.call('POST', '/api/import', { token: w.token, body: first });
    expect(r.status, JSON.stringify(r.body).slice(0, 2000)).toBe(200);
    expect(r.body.imported).toEqual({ ...demoCounts, users: demoCounts.users + 1 });
    const e = await w.call('GET', '/api/export', { token: w.token });
    expect(e.status).toBe(200);
    expect(comparable(e.body, ['root'])).toEqual(comparable(first));
    // The text, too, line for line, but for the exportedAt line and the importing admins' lines.
    const lines = (text: string, admin: string) =>
      text
        .split('\n')
        .filter((l) => !l.includes('"exportedAt"') && !l.includes(`{"handle":"${admin}",`))
        .map((l) => l.replace(/,$/, ''));
    const firstText = await (await h.req('GET', '/api/export', { token: h.adminToken })).text();
    const secondText = await w.text('/api/export');
    expect(lines(secondText, 'root')).toEqual(lines(firstText, '\u0000'));
  });

  it('importing it a second time writes nothing and changes nothing', async () => {
    const r = await h.call('POST', '/api/import', { token: h.adminToken, body: DEMO_TEXT });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      imported: { teams: 0, users: 0, questions: 0, forecasts: 0, resolutions: 0, clarifications: 0, suggestions: 0 },
    });
    const e = await h.call('GET', '/api/export', { token: h.adminToken });
    expect(comparable(e.body)).toEqual(comparable(first));
    const audit = await h.call('GET', '/api/audit?action=archive.import', { token: h.adminToken });
    expect(audit.body.entries.map((x: any) => x.details)).toEqual([
      { teams: 0, users: 0, questions: 0, forecasts: 0, resolutions: 0, clarifications: 0, suggestions: 0 },
      demoCounts,
    ]);
  });
});

describe('scores after importing the demo archive', () => {
  const views = [
    '/api/leaderboard',
    '/api/leaderboard?team=korea-desk',
    '/api/leaderboard?team=russia-desk',
    '/api/leaderboard?tag=summit',
    '/api/leaderboard?tag=elections',
    '/api/leaderboard?from=2022-01-01&to=2023-06-01',
    '/api/calibration',
    '/api/calibration?user=ana&bins=5',
  ];

  it('equal those after rescoreAll on the same database', async () => {
    const get = async (path: string) => {
      const r = await h.call('GET', path, { token: h.adminToken });
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    };
    const before: Record<string, unknown> = {};
    for (const v of views) before[v] = await get(v);
    const perQuestion: Record<string, unknown> = {};
    for (const q of demo.questions) perQuestion[q.key] = await get(`/api/questions/${q.key}/scores`);
    expect((before['/api/leaderboard'] as any).analysts.length).toBeGreaterThanOrEqual(9);

    await rescoreAll(h.database.db);

    for (const v of views) expect(await get(v), v).toEqual(before[v]);
    for (const q of demo.questions)
      expect(await get(`/api/questions/${q.key}/scores`), q.key).toEqual(perQuestion[q.key]);
  }, 120_000);
});
