import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const DAY = 24 * 3_600_000;

const tok: Record<string, string> = {};

const paths = (body: any): string[] => (body?.error?.issues ?? []).map((i: any) => i.path);
function expectInvalid(r: { status: number; body: any }, ...expected: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('invalid_input');
  expect(Array.isArray(r.body.error.issues)).toBe(true);
  expect(r.body.error.issues.length).toBeGreaterThan(0);
  for (const p of expected) expect(paths(r.body)).toContain(p);
}
function expectConflict(r: { status: number; body: any }) {
  expect(r.status, JSON.stringify(r.body)).toBe(409);
  expect(r.body.error.code).toBe('conflict');
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

const forecast = (key: string, body: unknown, token = tok.ana) =>
  h.call('POST', `/api/questions/${key}/forecasts`, { token, body });
const forecastsOf = async (key: string, token = tok.lee) => {
  const r = await h.call('GET', `/api/questions/${key}/forecasts`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.forecasts as any[];
};

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
  h.clock.set(T0);
  await question('bin');
  await question('cat', { type: 'categorical', options: ['red', 'green', 'blue'] });
  await question('ord', { type: 'ordinal', options: ['low', 'mid', 'high', 'top'] });
});

describe('POST /api/questions/{key}/forecasts: the numbers', () => {
  beforeAll(() => h.clock.set(T0 + DAY));

  it('takes {probability} on a binary question and answers with the forecast', async () => {
    const r = await forecast('bin', { probability: 0.1 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.forecast).toEqual({
      id: expect.any(Number),
      question: 'bin',
      user: 'ana',
      createdAt: iso(DAY),
      probability: 0.1,
      rationale: null,
    });
    expect(r.body.forecast.probabilities).toBeUndefined();
  });

  it('takes {probabilities} on categorical and ordinal questions', async () => {
    const c = await forecast('cat', { probabilities: [0.2, 0.3, 0.5] });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.forecast).toMatchObject({ question: 'cat', user: 'ana', probabilities: [0.2, 0.3, 0.5] });
    expect(c.body.forecast.probability).toBeUndefined();
    const o = await forecast('ord', { probabilities: [0.1, 0.2, 0.3, 0.4] }, tok.ben);
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect(o.body.forecast).toMatchObject({ question: 'ord', user: 'ben', probabilities: [0.1, 0.2, 0.3, 0.4] });
  });

  it('accepts the edges 0 and 1', async () => {
    for (const p of [0, 1]) {
      const r = await forecast('bin', { probability: p }, tok.ben);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.forecast.probability).toBe(p);
    }
    const c = await forecast('cat', { probabilities: [0, 1, 0] }, tok.ben);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.forecast.probabilities).toEqual([0, 1, 0]);
  });

  it('refuses numbers outside [0, 1], naming each one', async () => {
    expectInvalid(await forecast('bin', { probability: -0.1 }), 'probability');
    expectInvalid(await forecast('bin', { probability: 1.5 }), 'probability');
    expectInvalid(await forecast('bin', { probability: 1.0000001 }), 'probability');
    const r = await forecast('cat', { probabilities: [1.5, -0.1, 0.2] });
    expectInvalid(r, 'probabilities.0', 'probabilities.1');
    expect(paths(r.body)).not.toContain('probabilities.2');
    expectInvalid(await forecast('ord', { probabilities: [0.5, 0.5, 0, -0.1] }), 'probabilities.3');
  });

  it('refuses numbers JSON turns into Infinity (1e400)', async () => {
    expectInvalid(await forecast('bin', '{"probability": 1e400}'), 'probability');
    expectInvalid(await forecast('bin', '{"probability": -1e400}'), 'probability');
    expectInvalid(await forecast('cat', '{"probabilities": [0.5, 1e400, 0.5]}'), 'probabilities.1');
  });

  it('refuses values that are not numbers', async () => {
    expectInvalid(await forecast('bin', { probability: '0.5' }), 'probability');
    expectInvalid(await forecast('bin', { probability: null }), 'probability');
    expectInvalid(await forecast('bin', { probability: [0.5] }), 'probability');
    expectInvalid(await forecast('cat', { probabilities: [0.5, '0.25', 0.25] }), 'probabilities.1');
    expectInvalid(await forecast('cat', { probabilities: { 0: 1 } }), 'probabilities');
    expectInvalid(await forecast('bin', 'not json'));
    expectInvalid(await forecast('bin', ''));
  });

  it('refuses a vector of the wrong length', async () => {
    expectInvalid(await forecast('cat', { probabilities: [0.5, 0.5] }), 'probabilities');
    expectInvalid(await forecast('cat', { probabilities: [0.25, 0.25, 0.25, 0.25] }), 'probabilities');
    expectInvalid(await forecast('cat', { probabilities: [] }), 'probabilities');
    expectInvalid(await forecast('ord', { probabilities: [0.2, 0.3, 0.5] }), 'probabilities');
  });

  it('refuses a vector that does not sum to 1 within 1e-6', async () => {
    expectInvalid(await forecast('cat', { probabilities: [0.2, 0.3, 0.4] }), 'probabilities');
    expectInvalid(await forecast('cat', { probabilities: [0.5, 0.5, 0.5] }), 'probabilities');
    expectInvalid(await forecast('cat', { probabilities: [0.7, 0.2, 0.1000011] }), 'probabilities');
    expectInvalid(await forecast('cat', { probabilities: [0.7, 0.2, 0.0999989] }), 'probabilities');
  });

  it('accepts a sum off by 5e-7 and stores the numbers exactly as given', async () => {
    h.clock.set(T0 + 2 * DAY);
    const up = await forecast('cat', { probabilities: [0.7, 0.2, 0.1000005] }, tok.lee);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.forecast.probabilities).toEqual([0.7, 0.2, 0.1000005]);
    const down = await forecast('cat', { probabilities: [0.7, 0.2, 0.0999995] }, tok.lee);
    expect(down.status, JSON.stringify(down.body)).toBe(201);
    const mine = (await forecastsOf('cat')).filter((f) => f.user === 'lee');
    expect(mine.map((f) => f.probabilities)).toEqual([
      [0.7, 0.2, 0.1000005],
      [0.7, 0.2, 0.0999995],
    ]);
    // Thirds written to six places are exactly 1e-6 short: inside the tolerance.
    const thirds = await forecast('cat', { probabilities: [0.333333, 0.333333, 0.333333] }, tok.lee);
    expect(thirds.status, JSON.stringify(thirds.body)).toBe(201);
    expect(thirds.body.forecast.probabilities).toEqual([0.333333, 0.333333, 0.333333]);
  });

  it('refuses probability on a categorical question and probabilities on a binary one', async () => {
    expectInvalid(await forecast('cat', { probability: 0.5 }));
    expectInvalid(await forecast('ord', { probability: 0.5 }));
    expectInvalid(await forecast('bin', { probabilities: [0.5, 0.5] }));
    expectInvalid(await forecast('bin', { probability: 0.5, probabilities: [0.5, 0.5] }));
    expectInvalid(await forecast('cat', { probability: 0.2, probabilities: [0.2, 0.3, 0.5] }));
    expectInvalid(await forecast('bin', {}));
    expectInvalid(await forecast('cat', { rationale: 'no numbers' }));
  });

  it('stores the rationale', async () => {
    const r = await forecast('bin', { probability: 0.35, rationale: 'Base rate 30%, plus the new poll.' }, tok.ben);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.forecast.rationale).toBe('Base rate 30%, plus the new poll.');
    const stored = (await forecastsOf('bin')).find((f) => f.id === r.body.forecast.id);
    expect(stored).toMatchObject({ probability: 0.35, rationale: 'Base rate 30%, plus the new poll.', user: 'ben' });
    expectInvalid(await forecast('bin', { probability: 0.35, rationale: 42 }), 'rationale');
    expectInvalid(await forecast('bin', { probability: 0.35, rationale: 'nul \u0000 inside' }), 'rationale');
    expectInvalid(await forecast('bin', { probability: 0.35, rationale: 'x'.repeat(10_001) }), 'rationale');
  });

  it('answers 404 for an unknown question and 401 without a token', async () => {
    const r = await forecast('no-such-question', { probability: 0.5 });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const anon = await h.call('POST', '/api/questions/bin/forecasts', { body: { probability: 0.5 } });
    expect(anon.status).toBe(401);
  });
});

describe('POST /api/questions/{key}/forecasts: time', () => {
  it("stamps createdAt with the server's clock, and a client cannot set it", async () => {
    await question('stamp', { opensAt: iso(0), closesAt: iso(30 * DAY) });
    h.clock.set('2023-09-07T13:45:12.345Z');
    const r = await forecast('stamp', { probability: 0.4 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.forecast.createdAt).toBe('2023-09-07T13:45:12.345Z');
    expectInvalid(await forecast('stamp', { probability: 0.4, createdAt: '2023-09-02T00:00:00.000Z' }), 'createdAt');
    expectInvalid(await forecast('stamp', { probability: 0.4, id: 1 }), 'id');
    expect((await forecastsOf('stamp')).map((f) => f.createdAt)).toEqual(['2023-09-07T13:45:12.345Z']);
  });

  it('lists forecasts oldest first, by createdAt and then by id', async () => {
    await question('order', { opensAt: iso(0), closesAt: iso(30 * DAY) });
    h.clock.set(T0 + 3 * DAY);
    const a = await forecast('order', { probability: 0.1 }, tok.ben);
    const b = await forecast('order', { probability: 0.2 }, tok.ana);
    h.clock.set(T0 + 4 * DAY);
    const c = await forecast('order', { probability: 0.3 }, tok.ben);
    const ids = (await forecastsOf('order')).map((f) => f.id);
    expect(ids).toEqual([a.body.forecast.id, b.body.forecast.id, c.body.forecast.id]);
    expect(b.body.forecast.id).toBeGreaterThan(a.body.forecast.id);
  });

  it('is accepted only from opensAt to just before closesAt', async () => {
    h.clock.set(T0);
    await question('window', { opensAt: iso(DAY), closesAt: iso(2 * DAY) });
    h.clock.set(T0 + DAY - 1);
    expectConflict(await forecast('window', { probability: 0.5 }));
    h.clock.set(T0 + DAY);
    expect((await forecast('window', { probability: 0.5 })).status).toBe(201);
    h.clock.set(T0 + 2 * DAY - 1);
    expect((await forecast('window', { probability: 0.6 })).status).toBe(201);
    h.clock.set(T0 + 2 * DAY);
    expectConflict(await forecast('window', { probability: 0.7 }));
    h.clock.set(T0 + 20 * DAY);
    expectConflict(await forecast('window', { probability: 0.7 }));
    expect((await forecastsOf('window')).map((f) => f.probability)).toEqual([0.5, 0.6]);
  });

  it('is refused once the question is resolved or annulled, though closesAt is still ahead', async () => {
    h.clock.set(T0);
    await question('early-yes', { closesAt: iso(30 * DAY) });
    await question('early-annul', { type: 'categorical', options: ['a', 'b'], closesAt: iso(30 * DAY) });
    h.clock.set(T0 + DAY);
    expect((await forecast('early-yes', { probability: 0.5 })).status).toBe(201);
    expect((await forecast('early-annul', { probabilities: [0.5, 0.5] })).status).toBe(201);
    h.clock.set(T0 + 2 * DAY);
    const y = await h.call('POST', '/api/questions/early-yes/resolution', { token: tok.lee, body: { outcome: 'yes' } });
    expect(y.status, JSON.stringify(y.body)).toBe(201);
    const n = await h.call('POST', '/api/questions/early-annul/resolution', {
      token: tok.lee,
      body: { outcome: 'annulled' },
    });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    expectConflict(await forecast('early-yes', { probability: 0.9 }));
    expectConflict(await forecast('early-yes', { probability: 0.9 }, tok.lee));
    expectConflict(await forecast('early-annul', { probabilities: [0.9, 0.1] }));
    expect((await forecastsOf('early-yes')).length).toBe(1);
    expect((await forecastsOf('early-annul')).length).toBe(1);
  });
});

describe('GET /api/users/{handle}/forecasts', () => {
  beforeAll(async () => {
    tok.cy = await h.user('cy');
    tok.dee = await h.user('dee');
    h.clock.set(T0);
    await question('hist-a', { title: 'History A' });
    await question('hist-b', { type: 'categorical', options: ['x', 'y'], title: 'History B' });
    h.clock.set(T0 + DAY);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      const r =
        i % 2 === 0
          ? await forecast('hist-a', { probability: i / 10 }, tok.cy)
          : await forecast('hist-b', { probabilities: [0.5, 0.5] }, tok.cy);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    expect((await forecast('hist-a', { probability: 0.9 }, tok.dee)).status).toBe(201);
  });

  it('shows an analyst their own history, newest first, with question titles', async () => {
    const r = await h.call('GET', '/api/users/cy/forecasts', { token: tok.cy });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.forecasts).toHaveLength(5);
    expect(r.body.forecasts.every((f: any) => f.user === 'cy')).toBe(true);
    expect(r.body.forecasts.map((f: any) => f.question)).toEqual(['hist-a', 'hist-b', 'hist-a', 'hist-b', 'hist-a']);
    expect(r.body.forecasts[0]).toMatchObject({ question: 'hist-a', questionTitle: 'History A', probability: 0.4 });
    expect(r.body.forecasts[1]).toMatchObject({
      question: 'hist-b',
      questionTitle: 'History B',
      probabilities: [0.5, 0.5],
    });
    const times = r.body.forecasts.map((f: any) => f.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("refuses another analyst's history (403) but shows it to a lead", async () => {
    const r = await h.call('GET', '/api/users/cy/forecasts', { token: tok.dee });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    const l = await h.call('GET', '/api/users/cy/forecasts', { token: tok.lee });
    expect(l.status).toBe(200);
    expect(l.body.forecasts).toHaveLength(5);
    const none = await h.call('GET', '/api/users/nobody-here/forecasts', { token: tok.lee });
    expect(none.status).toBe(404);
  });

  it('pages with limit and cursor without overlap', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/users/cy/forecasts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await h.call('GET', url, { token: tok.cy });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      seen.push(...r.body.forecasts.map((f: any) => f.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('refuses bad limits and cursors', async () => {
    expectInvalid(await h.call('GET', '/api/users/cy/forecasts?limit=501', { token: tok.cy }), 'limit');
    expectInvalid(await h.call('GET', '/api/users/cy/forecasts?limit=0', { token: tok.cy }), 'limit');
    expectInvalid(await h.call('GET', '/api/users/cy/forecasts?cursor=abc', { token: tok.cy }), 'cursor');
    expectInvalid(await h.call('GET', '/api/users/cy/forecasts?cursor=-1', { token: tok.cy }), 'cursor');
  });
});
