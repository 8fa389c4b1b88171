import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const DAY = 24 * 3_600_000;

const tok: Record<string, string> = {};

async function question(key: string, over: Record<string, unknown> = {}) {
  const r = await h.call('POST', '/api/questions', {
    token: tok.lee,
    body: {
      key,
      title: `Question ${key}`,
      description: '',
      type: 'binary',
      opensAt: iso(0),
      closesAt: iso(10 * DAY),
      hideForecasts: true,
      ...over,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.question;
}
async function forecast(key: string, who: string, p: number) {
  const r = await h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body: { probability: p } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.forecast;
}
/** What `who` sees of a question's forecasts and crowd. */
async function view(key: string, who: string) {
  const f = await h.call('GET', `/api/questions/${key}/forecasts`, { token: tok[who] });
  expect(f.status, JSON.stringify(f.body)).toBe(200);
  const c = await h.call('GET', `/api/questions/${key}/crowd`, { token: tok[who] });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return {
    hidden: f.body.hidden as boolean,
    users: (f.body.forecasts as Array<{ user: string }>).map((x) => x.user),
    crowdHidden: c.body.hidden as boolean,
    crowdPoints: (c.body.points as unknown[]).length,
  };
}

beforeAll(async () => {
  for (const u of ['ana', 'ben', 'cy']) tok[u] = await h.user(u);
  tok.lee = await h.user('lee', 'lead');
  tok.admin = h.adminToken;
});

describe('hideForecasts', () => {
  beforeAll(async () => {
    h.clock.set(T0);
    const q = await question('secret');
    expect(q.hideForecasts).toBe(true);
    h.clock.set(T0 + DAY);
    await forecast('secret', 'ben', 0.8);
    h.clock.set(T0 + 2 * DAY);
    await forecast('secret', 'lee', 0.6);
  });

  it("shows an analyst who has not forecast nobody's forecasts and no crowd", async () => {
    h.clock.set(T0 + 3 * DAY);
    expect(await view('secret', 'ana')).toEqual({ hidden: true, users: [], crowdHidden: true, crowdPoints: 0 });
    expect(await view('secret', 'cy')).toEqual({ hidden: true, users: [], crowdHidden: true, crowdPoints: 0 });
  });

  it('shows an analyst who has forecast everyone, and the crowd', async () => {
    expect(await view('secret', 'ben')).toEqual({
      hidden: false,
      users: ['ben', 'lee'],
      crowdHidden: false,
      crowdPoints: 2,
    });
  });

  it('lets an analyst see all once they forecast, and only then', async () => {
    h.clock.set(T0 + 4 * DAY);
    await forecast('secret', 'ana', 0.3);
    expect(await view('secret', 'ana')).toEqual({
      hidden: false,
      users: ['ben', 'lee', 'ana'],
      crowdHidden: false,
      crowdPoints: 3,
    });
    const cy = await view('secret', 'cy');
    expect(cy.hidden).toBe(true);
    expect(cy.users).toEqual([]);
    expect(cy.crowdHidden).toBe(true);
  });

  it('shows leads and admins everything', async () => {
    for (const who of ['lee', 'admin']) {
      expect(await view('secret', who)).toEqual({
        hidden: false,
        users: ['ben', 'lee', 'ana'],
        crowdHidden: false,
        crowdPoints: 3,
      });
    }
  });

  it('shows everyone everything once the question has closed', async () => {
    h.clock.set(T0 + 10 * DAY - 1);
    expect((await view('secret', 'cy')).hidden).toBe(true);
    h.clock.set(T0 + 10 * DAY);
    expect(await view('secret', 'cy')).toEqual({
      hidden: false,
      users: ['ben', 'lee', 'ana'],
      crowdHidden: false,
      crowdPoints: 3,
    });
  });

  it('shows everyone everything once the question is resolved or annulled before its close', async () => {
    h.clock.set(T0);
    await question('secret-resolved');
    await question('secret-annulled');
    h.clock.set(T0 + DAY);
    await forecast('secret-resolved', 'ben', 0.7);
    await forecast('secret-annulled', 'ben', 0.7);
    expect((await view('secret-resolved', 'cy')).hidden).toBe(true);
    h.clock.set(T0 + 2 * DAY);
    for (const [key, outcome] of [
      ['secret-resolved', 'no'],
      ['secret-annulled', 'annulled'],
    ]) {
      const r = await h.call('POST', `/api/questions/${key}/resolution`, { token: tok.lee, body: { outcome } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(await view(key!, 'cy')).toEqual({ hidden: false, users: ['ben'], crowdHidden: false, crowdPoints: 1 });
    }
  });

  it('hides an upcoming question too (there is nothing an analyst could have forecast)', async () => {
    h.clock.set(T0);
    await question('secret-upcoming', { opensAt: iso(DAY) });
    expect(await view('secret-upcoming', 'ana')).toEqual({
      hidden: true,
      users: [],
      crowdHidden: true,
      crowdPoints: 0,
    });
    expect(await view('secret-upcoming', 'lee')).toEqual({
      hidden: false,
      users: [],
      crowdHidden: false,
      crowdPoints: 0,
    });
  });

  it("shows an analyst their own forecasts while others' are hidden", async () => {
    // ana forecasts on a fresh question first, then ben: each sees all, cy sees nothing.
    h.clock.set(T0);
    await question('secret-own');
    h.clock.set(T0 + DAY);
    await forecast('secret-own', 'ana', 0.2);
    expect(await view('secret-own', 'ana')).toEqual({
      hidden: false,
      users: ['ana'],
      crowdHidden: false,
      crowdPoints: 1,
    });
    expect((await view('secret-own', 'cy')).users).toEqual([]);
  });
});

describe('without hideForecasts', () => {
  it('shows everyone every forecast and the crowd at once', async () => {
    h.clock.set(T0);
    const q = await question('public', { hideForecasts: undefined });
    expect(q.hideForecasts).toBe(false);
    h.clock.set(T0 + DAY);
    await forecast('public', 'ben', 0.4);
    h.clock.advance(1000);
    await forecast('public', 'ana', 0.6);
    for (const who of ['cy', 'ana', 'lee']) {
      expect(await view('public', who)).toEqual({
        hidden: false,
        users: ['ben', 'ana'],
        crowdHidden: false,
        crowdPoints: 2,
      });
    }
  });
});

describe("a user's history ignores nobody's hiding but their own", () => {
  it("shows an analyst their own forecasts on a hidden question, and not another's", async () => {
    const own = await h.call('GET', '/api/users/ana/forecasts', { token: tok.ana });
    expect(own.status).toBe(200);
    expect(own.body.forecasts.map((f: any) => f.question)).toContain('secret');
    const other = await h.call('GET', '/api/users/ben/forecasts', { token: tok.cy });
    expect(other.status).toBe(403);
  });
});

describe('unknown questions', () => {
  it('answers 404 for the forecasts and the crowd of a question that does not exist', async () => {
    for (const path of ['/api/questions/no-such-question/forecasts', '/api/questions/no-such-question/crowd']) {
      const r = await h.call('GET', path, { token: tok.ana });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
  });
});
