/**
 * Archive round trip (docs/archive.md): a workspace built over HTTP is exported,
 * imported into a fresh workspace by that workspace's own admin, and exported
 * again; the two documents agree but for `exportedAt` and the importing admin.
 * Importing the same archive again writes nothing and the audit log gets one
 * `archive.import` entry per import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { ensureAdmin } from '../../src/features/accounts/accounts.service';
import { createApp } from '../../src/http/app';
import { useHarness } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 24 * 3_600_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const h = useHarness(iso(0));

type Call = (
  method: string,
  path: string,
  opts?: { token?: string; body?: unknown },
) => Promise<{ status: number; body: any }>;

/** A second, fresh workspace: its own database and app, with `adminHandle` as its only user. */
interface Workspace {
  call: Call;
  token: string;
  clock: ManualClock;
  database: TestDatabase;
}

async function freshWorkspace(adminHandle: string): Promise<Workspace> {
  const database = await createTestDatabase();
  const clock = new ManualClock(iso(60 * DAY));
  const deps = { db: database.db, clock, sessionDays: 14, secureCookies: false };
  const app = createApp(deps);
  const password = `${adminHandle}-password`;
  await ensureAdmin(deps, adminHandle, password);
  const raw = (method: string, path: string, opts: { token?: string; body?: unknown; cookie?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.cookie) headers.cookie = opts.cookie;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    return app.request(path, { method, headers, body });
  };
  const call: Call = async (method, path, opts) => {
    const res = await raw(method, path, opts);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* keep the text */
    }
    return { status: res.status, body };
  };
  const session = await raw('POST', '/api/session', { body: { handle: adminHandle, password } });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const minted = await raw('POST', '/api/tokens', { body: { name: 'tests' }, cookie });
  const token = ((await minted.json()) as { token: string }).token;
  return { call, token, clock, database };
}

const workspaces: Workspace[] = [];
afterAll(async () => {
  for (const w of workspaces) await w.database.close();
});

/** The parts of an archive that must survive a round trip. */
function comparable(doc: any, without: string[] = []) {
  const { exportedAt, ...rest } = doc;
  expect(typeof exportedAt).toBe('string');
  return { ...rest, users: rest.users.filter((u: any) => !without.includes(u.handle)) };
}

async function exportOf(call: Call, token: string) {
  const r = await call('GET', '/api/export', { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.format).toBe('reckon-archive');
  return r.body;
}

/** Deep equality, numbers to within 1e-9 relative (sums taken in another order). */
function expectClose(actual: unknown, expected: unknown, at = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${at}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(expected)),
    );
    return;
  }
  if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', at).toBe(true);
    expect(Object.keys(actual as object).sort(), at).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expectClose((actual as any)[k], (expected as any)[k], `${at}.${k}`);
    return;
  }
  expect(actual, at).toEqual(expected);
}

const tok: Record<string, string> = {};
let source: any;
let forecastCount = 0;

async function post(path: string, token: string, body: unknown, status = 201) {
  const r = await h.call('POST', path, { token, body });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}
async function forecast(key: string, who: string, body: Record<string, unknown>) {
  await post(`/api/questions/${key}/forecasts`, tok[who]!, body);
  forecastCount++;
}

beforeAll(async () => {
  h.clock.set(T0);
  await post('/api/teams', h.adminToken, { key: 'korea-desk', name: 'Korea desk' });
  await post('/api/teams', h.adminToken, { key: 'russia-desk', name: 'Russia desk' });
  tok.ana = await h.user('ana', 'analyst', ['korea-desk']);
  tok.ben = await h.user('ben', 'analyst', ['korea-desk', 'russia-desk']);
  tok.cy = await h.user('cy', 'analyst');
  tok.lee = await h.user('lee', 'lead', ['russia-desk']);

  const q = (body: Record<string, unknown>, who = 'lee') =>
    post('/api/questions', tok[who]!, {
      description: '',
      type: 'binary',
      opensAt: iso(0),
      closesAt: iso(20 * DAY),
      ...body,
    });
  await q({
    key: 'summit',
    title: 'Will Kim and Putin meet in Vladivostok?',
    description: 'Résolution — «official» statements; "quotes", commas, and a\nnewline.',
    tags: ['russia', 'dprk', 'summit'],
    hideForecasts: true,
  });
  await q({
    key: 'venue',
    title: 'Where will they meet?',
    type: 'categorical',
    options: ['Vladivostok', 'Moscow', 'Pyongyang', 'Elsewhere'],
    tags: ['summit'],
  });
  await q({
    key: 'level',
    title: 'How high will the delegation be?',
    type: 'ordinal',
    options: ['low', 'mid', 'high'],
  });
  await q({ key: 'void', title: 'Will the question be annulled?' });
  await q({ key: 'flip', title: 'Will the first resolution be corrected?', tags: ['meta'] });
  await q({ key: 'pending', title: 'Still open', closesAt: iso(400 * DAY) }, 'ana');
  await q({ key: 'later', title: 'Not open yet', opensAt: iso(300 * DAY), closesAt: iso(400 * DAY) }, 'ben');

  h.clock.set(T0 + DAY);
  await forecast('summit', 'ana', { probability: 0.5, rationale: 'First look, 50/50.' });
  // Two forecasts at the same instant: the later in the archive is the later forecast.
  await forecast('summit', 'ana', { probability: 0.6, rationale: null });
  await forecast('summit', 'ben', { probability: 0.3 });
  await forecast('venue', 'ana', {
    probabilities: [0.5, 0.2, 0.2, 0.1],
    rationale: 'EEF is the natural venue, "obviously"; train, route.',
  });
  await forecast('level', 'ben', { probabilities: [0.2, 0.5, 0.3] });
  await forecast('void', 'cy', { probability: 0.9 });
  await forecast('flip', 'cy', { probability: 0.25 });
  h.clock.set(T0 + 3 * DAY + 1234);
  await forecast('summit', 'cy', { probability: 0.72, rationale: '=cmd|calc' });
  await forecast('venue', 'ben', { probabilities: [0.7, 0.1, 0.1, 0.1] });
  await forecast('level', 'ana', { probabilities: [0.1, 0.3, 0.6] });
  await forecast('flip', 'ana', { probability: 0.8 });
  h.clock.set(T0 + 5 * DAY);
  await forecast('summit', 'ben', { probability: 0.45, rationale: 'Updated after the train left.' });

  h.clock.set(T0 + 10 * DAY);
  await post('/api/questions/summit/resolution', tok.lee!, {
    outcome: 'yes',
    occurredAt: iso(9 * DAY),
    sourceUrl: 'http://en.kremlin.ru/events/president/news/72259',
    note: 'They met at the Vostochny Cosmodrome.',
  });
  await post('/api/questions/venue/resolution', tok.lee!, { outcome: 3 });
  await post('/api/questions/level/resolution', h.adminToken, { outcome: 2, note: 'Heads of state.' });
  await post('/api/questions/void/resolution', tok.lee!, { outcome: 'annulled', note: 'Ambiguous wording.' });
  await post('/api/questions/flip/resolution', tok.lee!, { outcome: 'yes' });
  h.clock.set(T0 + 12 * DAY);
  await post('/api/questions/flip/resolution', tok.lee!, {
    outcome: 'no',
    occurredAt: iso(11 * DAY),
    note: 'Correction: it did not happen.',
  });

  h.clock.set(T0 + 13 * DAY);
  await forecast('pending', 'ben', { probability: 0.1, rationale: 'Line one\r\nline two' });
  await forecast('pending', 'ana', { probability: 0.15 });

  const deactivated = await h.call('PATCH', '/api/users/cy', { token: h.adminToken, body: { active: false } });
  expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);

  h.clock.set(T0 + 30 * DAY);
  source = await exportOf(h.call, tok.lee!);
});

describe('the exported archive of a workspace built over HTTP', () => {
  it('holds every team, user, question, forecast and resolution', () => {
    expect(source.version).toBe(2);
    expect(source.exportedAt).toBe(iso(30 * DAY));
    expect(source.teams).toEqual([
      { key: 'korea-desk', name: 'Korea desk' },
      { key: 'russia-desk', name: 'Russia desk' },
    ]);
    expect(source.users.map((u: any) => u.handle)).toEqual(['admin', 'ana', 'ben', 'cy', 'lee']);
    expect(source.users.find((u: any) => u.handle === 'ben')).toEqual({
      handle: 'ben',
      displayName: 'BEN',
      role: 'analyst',
      active: true,
      teams: ['korea-desk', 'russia-desk'],
    });
    expect(source.users.find((u: any) => u.handle === 'cy')).toMatchObject({ active: false, teams: [] });
    for (const u of source.users) {
      expect(Object.keys(u).some((k) => /pass|hash|token|session/i.test(k))).toBe(false);
    }
    expect(source.questions.map((q: any) => q.key)).toEqual([
      'summit',
      'venue',
      'level',
      'void',
      'flip',
      'pending',
      'later',
    ]);
    expect(source.questions[0]).toMatchObject({
      type: 'binary',
      options: null,
      tags: ['russia', 'dprk', 'summit'],
      createdBy: 'lee',
      hideForecasts: true,
    });
    expect(source.questions[1]).toMatchObject({
      type: 'categorical',
      options: ['Vladivostok', 'Moscow', 'Pyongyang', 'Elsewhere'],
    });
    expect(source.forecasts).toHaveLength(forecastCount);
    const sameInstant = source.forecasts.filter((f: any) => f.question === 'summit' && f.user === 'ana');
    expect(sameInstant.map((f: any) => f.probability)).toEqual([0.5, 0.6]);
    expect(source.forecasts.find((f: any) => f.question === 'venue' && f.user === 'ana')).toEqual({
      question: 'venue',
      user: 'ana',
      createdAt: iso(DAY),
      probabilities: [0.5, 0.2, 0.2, 0.1],
      rationale: 'EEF is the natural venue, "obviously"; train, route.',
    });
    expect(source.resolutions.map((r: any) => [r.question, r.outcome])).toEqual([
      ['summit', 'yes'],
      ['venue', 3],
      ['level', 2],
      ['void', 'annulled'],
      ['flip', 'yes'],
      ['flip', 'no'],
    ]);
  });
});

describe('export, import into a fresh workspace, export again', () => {
  let w: Workspace;
  let second: any;

  beforeAll(async () => {
    w = await freshWorkspace('root');
    workspaces.push(w);
  });

  it('imports every row and counts what it wrote', async () => {
    const r = await w.call('POST', '/api/import', { token: w.token, body: source });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      imported: {
        teams: 2,
        users: 5,
        questions: 7,
        forecasts: forecastCount,
        resolutions: 6,
        clarifications: 0,
        suggestions: 0,
      },
    });
  });

  it('gives the same document but for exportedAt and the importing admin', async () => {
    second = await exportOf(w.call, w.token);
    expect(second.exportedAt).toBe(iso(60 * DAY));
    expect(second.users.find((u: any) => u.handle === 'root')).toMatchObject({ role: 'admin', active: true });
    expect(comparable(second, ['root'])).toEqual(comparable(source));
  });

  it('keeps statuses, resolution histories and scores', async () => {
    for (const key of ['summit', 'venue', 'level', 'void', 'flip', 'pending']) {
      const a = await h.call('GET', `/api/questions/${key}`, { token: h.adminToken });
      const b = await w.call('GET', `/api/questions/${key}`, { token: w.token });
      expect(b.status).toBe(200);
      expect(b.body.question.status).toBe(a.body.question.status);
      const sa = await h.call('GET', `/api/questions/${key}/scores`, { token: h.adminToken });
      const sb = await w.call('GET', `/api/questions/${key}/scores`, { token: w.token });
      expect(sb.status).toBe(200);
      expect(sb.body).toEqual(sa.body);
    }
    const flip = await w.call('GET', '/api/questions/flip', { token: w.token });
    expect(flip.body.question.status).toBe('resolved');
    const lb = await h.call('GET', '/api/leaderboard', { token: h.adminToken });
    const lb2 = await w.call('GET', '/api/leaderboard', { token: w.token });
    // The leaderboard comes from rollups summed in a different order here
    // (incrementally, with a re-resolution taken back), so allow the last bits.
    expectClose(lb2.body, lb.body);
    expect(lb2.body.analysts.length).toBeGreaterThan(0);
  });

  it('imported users have no password and cannot sign in', async () => {
    const r = await w.call('POST', '/api/session', { body: { handle: 'ana', password: 'ana-password' } });
    expect(r.status).toBe(401);
  });

  it('importing the same archive again writes nothing and changes nothing', async () => {
    const again = await w.call('POST', '/api/import', { token: w.token, body: source });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({
      imported: { teams: 0, users: 0, questions: 0, forecasts: 0, resolutions: 0, clarifications: 0, suggestions: 0 },
    });
    // Its own export, too (it holds the importing admin, who is there already).
    const own = await w.call('POST', '/api/import', { token: w.token, body: second });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toEqual({
      imported: { teams: 0, users: 0, questions: 0, forecasts: 0, resolutions: 0, clarifications: 0, suggestions: 0 },
    });
    const third = await exportOf(w.call, w.token);
    expect(comparable(third)).toEqual(comparable(second));
  });

  it('adds one archive.import audit entry per import, with its counts', async () => {
    const r = await w.call('GET', '/api/audit?action=archive.import', { token: w.token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const entries = r.body.entries.filter((e: any) => e.action === 'archive.import');
    expect(entries).toHaveLength(3);
    // Newest first.
    expect(entries[0].details).toMatchObject({
      teams: 0,
      users: 0,
      questions: 0,
      forecasts: 0,
      resolutions: 0,
      clarifications: 0,
      suggestions: 0,
    });
    expect(entries[2].details).toMatchObject({
      teams: 2,
      users: 5,
      questions: 7,
      forecasts: forecastCount,
      resolutions: 6,
    });
    expect(entries.every((e: any) => e.actor === 'root')).toBe(true);
  });

  it('the source workspace is untouched by exporting (a second export is identical)', async () => {
    const again = await exportOf(h.call, h.adminToken);
    expect(comparable(again)).toEqual(comparable(source));
  });

  it('a chain of round trips is stable: import the second export into another fresh workspace', async () => {
    const w2 = await freshWorkspace('keeper');
    workspaces.push(w2);
    const r = await w2.call('POST', '/api/import', { token: w2.token, body: second });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toEqual({
      teams: 2,
      users: 6,
      questions: 7,
      forecasts: forecastCount,
      resolutions: 6,
      clarifications: 0,
      suggestions: 0,
    });
    const third = await exportOf(w2.call, w2.token);
    expect(comparable(third, ['keeper'])).toEqual(comparable(second));
  });
});

describe('who may export and import', () => {
  it('a lead and an admin may export; an analyst may not; nobody signed out may', async () => {
    expect((await h.call('GET', '/api/export', { token: tok.lee })).status).toBe(200);
    expect((await h.call('GET', '/api/export', { token: h.adminToken })).status).toBe(200);
    const analyst = await h.call('GET', '/api/export', { token: tok.ana });
    expect(analyst.status).toBe(403);
    expect(analyst.body.error.code).toBe('forbidden');
    expect((await h.call('GET', '/api/export')).status).toBe(401);
  });

  it('only an admin may import: a lead or an analyst gets 403 and nothing is written', async () => {
    const doc = { ...source, teams: [...source.teams, { key: 'new-desk', name: 'New desk' }] };
    for (const who of ['lee', 'ana']) {
      const r = await h.call('POST', '/api/import', { token: tok[who], body: doc });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await h.call('POST', '/api/import', { body: doc })).status).toBe(401);
    const teams = await h.call('GET', '/api/teams', { token: h.adminToken });
    expect(teams.body.teams.map((t: any) => t.key)).toEqual(['korea-desk', 'russia-desk']);
  });
});
