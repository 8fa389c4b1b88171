import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const DAY = 24 * 3_600_000;

const tok: Record<string, string> = {};

const paths = (body: any): string[] => (body?.error?.issues ?? []).map((i: any) => i.path);
function expectInvalid(r: { status: number; body: any }, path: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  expect(paths(r.body)).toContain(path);
}

async function question(key: string, over: Record<string, unknown> = {}) {
  const r = await h.call('POST', '/api/questions', {
    token: tok.lee,
    body: {
      key,
      title: `Question ${key}`,
      description: '',
      type: 'binary',
      opensAt: iso(0),
      closesAt: iso(30 * DAY),
      ...over,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.question;
}
const resolve = (key: string, body: unknown, token = tok.lee) =>
  h.call('POST', `/api/questions/${key}/resolution`, { token, body });
const getQ = async (key: string) => {
  const r = await h.call('GET', `/api/questions/${key}`, { token: tok.ana });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.question;
};

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.lee = await h.user('lee', 'lead');
  tok.admin = h.adminToken;
  h.clock.set(T0);
  await question('bin');
  await question('cat', { type: 'categorical', options: ['red', 'green', 'blue'] });
  await question('ord', { type: 'ordinal', options: ['low', 'mid', 'high'] });
  await question('later', { opensAt: iso(5 * DAY) });
  h.clock.set(T0 + DAY);
  const f = await h.call('POST', '/api/questions/bin/forecasts', { token: tok.ana, body: { probability: 0.8 } });
  expect(f.status, JSON.stringify(f.body)).toBe(201);
});

describe('POST /api/questions/{key}/resolution: who', () => {
  it('refuses an analyst (403) and leaves the question open', async () => {
    h.clock.set(T0 + 2 * DAY);
    const r = await resolve('bin', { outcome: 'yes' }, tok.ana);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await getQ('bin')).status).toBe('open');
    const anon = await h.call('POST', '/api/questions/bin/resolution', { body: { outcome: 'yes' } });
    expect(anon.status).toBe(401);
  });

  it('answers 404 for an unknown question', async () => {
    const r = await resolve('no-such-question', { outcome: 'yes' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});

describe('POST /api/questions/{key}/resolution: resolving and re-resolving', () => {
  it('resolves a binary question with occurredAt, sourceUrl and note', async () => {
    h.clock.set(T0 + 3 * DAY);
    const r = await resolve('bin', {
      outcome: 'yes',
      occurredAt: iso(2 * DAY + 3_600_000),
      sourceUrl: 'https://example.org/statement?id=1',
      note: 'Announced at the press conference.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const yes = {
      outcome: 'yes',
      occurredAt: iso(2 * DAY + 3_600_000),
      resolvedAt: iso(3 * DAY),
      resolvedBy: 'lee',
      sourceUrl: 'https://example.org/statement?id=1',
      note: 'Announced at the press conference.',
    };
    expect(r.body.resolution).toEqual(yes);
    const q = await getQ('bin');
    expect(q.status).toBe('resolved');
    expect(q.resolution).toEqual(yes);
    expect(q.resolutions).toEqual([yes]);
    const scores = await h.call('GET', '/api/questions/bin/scores', { token: tok.ana });
    expect(scores.status).toBe(200);
    expect(scores.body.analysts.map((a: any) => a.handle)).toEqual(['ana']);
    expect(scores.body.analysts[0].finalBrier).toBeCloseTo(0.08, 12);
  });

  it('re-resolves: the new outcome stands, both stay in the history oldest first, scores follow', async () => {
    h.clock.set(T0 + 4 * DAY);
    const r = await resolve('bin', { outcome: 'no', note: 'The statement was retracted.' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const no = {
      outcome: 'no',
      occurredAt: null,
      resolvedAt: iso(4 * DAY),
      resolvedBy: 'lee',
      sourceUrl: null,
      note: 'The statement was retracted.',
    };
    expect(r.body.resolution).toEqual(no);
    const q = await getQ('bin');
    expect(q.status).toBe('resolved');
    expect(q.resolution).toEqual(no);
    expect(q.resolutions.map((x: any) => x.outcome)).toEqual(['yes', 'no']);
    expect(q.resolutions[0].resolvedAt).toBe(iso(3 * DAY));
    const scores = await h.call('GET', '/api/questions/bin/scores', { token: tok.ana });
    expect(scores.body.analysts[0].finalBrier).toBeCloseTo(1.28, 12);
  });

  it('annuls, and the annulment is history too; an admin may resolve', async () => {
    h.clock.set(T0 + 5 * DAY);
    const r = await resolve('bin', { outcome: 'annulled', note: 'Ambiguous wording.' }, tok.admin);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.resolution).toMatchObject({ outcome: 'annulled', resolvedBy: 'admin', note: 'Ambiguous wording.' });
    const q = await getQ('bin');
    expect(q.status).toBe('annulled');
    expect(q.resolution.outcome).toBe('annulled');
    expect(q.resolutions.map((x: any) => x.outcome)).toEqual(['yes', 'no', 'annulled']);
    const scores = await h.call('GET', '/api/questions/bin/scores', { token: tok.ana });
    expect(scores.body).toEqual({ analysts: [], crowd: { timeWeightedBrier: null }, aggregates: [] });
    const list = await h.call('GET', '/api/questions?status=annulled', { token: tok.ana });
    expect(list.body.questions.map((x: any) => x.key)).toEqual(['bin']);
  });

  it('resolves categorical and ordinal questions to an option index', async () => {
    h.clock.set(T0 + 5 * DAY);
    const c = await resolve('cat', { outcome: 2 });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.resolution.outcome).toBe(2);
    const o = await resolve('ord', { outcome: 0 });
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect(o.body.resolution.outcome).toBe(0);
    expect((await getQ('cat')).resolution.outcome).toBe(2);
    expect((await getQ('ord')).status).toBe('resolved');
  });

  it('resolves a closed question', async () => {
    h.clock.set(T0);
    await question('closes-soon', { closesAt: iso(DAY) });
    h.clock.set(T0 + 2 * DAY);
    expect((await getQ('closes-soon')).status).toBe('closed');
    const r = await resolve('closes-soon', { outcome: 'no', occurredAt: iso(2 * DAY) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await getQ('closes-soon')).status).toBe('resolved');
  });
});

describe('POST /api/questions/{key}/resolution: refusals', () => {
  beforeAll(async () => {
    h.clock.set(T0);
    await question('r-bin');
    await question('r-cat', { type: 'categorical', options: ['a', 'b'] });
    h.clock.set(T0 + 2 * DAY);
  });

  it('refuses an outcome that does not fit the question type', async () => {
    for (const outcome of [2, 1, 0, 'maybe', 'YES', true, null, 1.5, -1, [1]])
      expectInvalid(await resolve('r-bin', { outcome }), 'outcome');
    for (const outcome of ['yes', 'no', 2, 3, -1, 0.5, '1'])
      expectInvalid(await resolve('r-cat', { outcome }), 'outcome');
    expectInvalid(await resolve('r-bin', {}), 'outcome');
    expect((await getQ('r-bin')).status).toBe('open');
    expect((await getQ('r-cat')).resolutions).toEqual([]);
  });

  it('refuses occurredAt before opensAt or in the future', async () => {
    expectInvalid(await resolve('r-bin', { outcome: 'yes', occurredAt: iso(-1) }), 'occurredAt');
    expectInvalid(await resolve('r-bin', { outcome: 'yes', occurredAt: iso(2 * DAY + 1) }), 'occurredAt');
    expectInvalid(await resolve('r-bin', { outcome: 'yes', occurredAt: 'yesterday' }), 'occurredAt');
    expectInvalid(await resolve('r-bin', { outcome: 'yes', occurredAt: '2023-09-02' }), 'occurredAt');
    expect((await getQ('r-bin')).status).toBe('open');
  });

  it('refuses a sourceUrl that is not http(s)', async () => {
    for (const sourceUrl of [
      'ftp://example.org/file',
      'javascript:alert(1)',
      'not a url',
      'example.org/page',
      'file:///etc/passwd',
      42,
    ]) {
      expectInvalid(await resolve('r-bin', { outcome: 'yes', sourceUrl }), 'sourceUrl');
    }
    expect((await getQ('r-bin')).status).toBe('open');
  });

  it('refuses text the database cannot store, with a 400', async () => {
    expectInvalid(await resolve('r-bin', { outcome: 'yes', note: 'nul \u0000' }), 'note');
    expectInvalid(await resolve('r-bin', { outcome: 'yes', sourceUrl: 'https://example.org/\u0000' }), 'sourceUrl');
    expectInvalid(await resolve('r-bin', { outcome: 'yes', sourceUrl: 'https://example.org/\ud800' }), 'sourceUrl');
    expect((await getQ('r-bin')).status).toBe('open');
  });

  it('refuses unknown fields', async () => {
    expectInvalid(await resolve('r-bin', { outcome: 'yes', resolvedAt: iso(0) }), 'resolvedAt');
  });

  it('accepts the edges: occurredAt at opensAt and at now', async () => {
    const a = await resolve('r-bin', { outcome: 'yes', occurredAt: iso(0), sourceUrl: 'http://example.org' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await resolve('r-bin', { outcome: 'yes', occurredAt: iso(2 * DAY) });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect((await getQ('r-bin')).resolutions.map((r: any) => r.occurredAt)).toEqual([iso(0), iso(2 * DAY)]);
  });

  it('refuses to resolve a question before it opens (409)', async () => {
    h.clock.set(T0 + 5 * DAY - 1);
    const r = await resolve('later', { outcome: 'no' });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect((await getQ('later')).status).toBe('upcoming');
    h.clock.set(T0 + 5 * DAY);
    expect((await resolve('later', { outcome: 'no' })).status).toBe(201);
  });
});
