/**
 * The figures a question carries for the one who asks (the crowd now, whether
 * it is hidden from them, their own latest forecast), an analyst's open
 * forecasts with the crowd, and the user list without those who never forecast.
 */
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
      ...over,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.question;
}

async function forecast(key: string, who: string, body: Record<string, unknown>) {
  const r = await h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.forecast;
}

async function get(key: string, who: string) {
  const r = await h.call('GET', `/api/questions/${key}`, { token: tok[who] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.question;
}

/** The question as the list shows it to `who`. */
async function listed(key: string, who: string) {
  const r = await h.call('GET', '/api/questions?limit=500', { token: tok[who] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.questions as Array<{ key: string }>).find((q) => q.key === key) as any;
}

beforeAll(async () => {
  for (const u of ['ana', 'ben', 'cy', 'dee']) tok[u] = await h.user(u);
  tok.lee = await h.user('lee', 'lead');
  h.clock.set(T0);
  await question('plain');
  await question('secret', { hideForecasts: true });
  await question('venue', { type: 'categorical', options: ['Vladivostok', 'Moscow', 'Elsewhere'] });
  await question('soon', { closesAt: iso(6 * DAY) });
  await question('later', { closesAt: iso(20 * DAY) });
  h.clock.set(T0 + DAY);
  await forecast('plain', 'ana', { probability: 0.4 });
  await forecast('secret', 'ben', { probability: 0.8 });
  await forecast('venue', 'ana', { probabilities: [0.2, 0.5, 0.3] });
  await forecast('soon', 'ana', { probability: 0.3 });
  await forecast('later', 'ana', { probability: 0.9 });
  await forecast('later', 'cy', { probability: 0.5 });
  h.clock.set(T0 + 2 * DAY);
  await forecast('plain', 'ben', { probability: 0.7 });
  await forecast('venue', 'ben', { probabilities: [0.4, 0.4, 0.2] });
  await forecast('soon', 'ana', { probability: 0.35 });
  h.clock.set(T0 + 3 * DAY - 1);
  await forecast('plain', 'ana', { probability: 0.2 });
  h.clock.set(T0 + 4 * DAY);
});

describe('a question for the one who asks', () => {
  it('carries the crowd now: the median of each analyst’s latest forecast, as on the chart', async () => {
    for (const q of [await get('plain', 'cy'), await listed('plain', 'cy')]) {
      // ana's latest 0.2 and ben's 0.7, not ana's earlier 0.4.
      expect(q.crowd.probability).toBeCloseTo(0.45, 12);
      expect(q.crowd.probabilities).toBeUndefined();
      expect(q.crowdHidden).toBe(false);
    }
    const series = await h.call('GET', '/api/questions/plain/crowd', { token: tok.cy });
    expect((await get('plain', 'cy')).crowd.probability).toBe(series.body.points.at(-1).probability);
  });

  it('gives a categorical crowd one number per option', async () => {
    const q = await get('venue', 'lee');
    // Medians 0.3, 0.45, 0.25 sum to 1.
    expect(q.crowd.probabilities).toHaveLength(3);
    q.crowd.probabilities.forEach((p: number, i: number) => expect(p).toBeCloseTo([0.3, 0.45, 0.25][i]!, 12));
    expect(q.myForecast).toBeNull();
    expect((await get('venue', 'ben')).myForecast).toEqual({
      probabilities: [0.4, 0.4, 0.2],
      createdAt: iso(2 * DAY),
    });
  });

  it('carries the asker’s own latest forecast, or null', async () => {
    expect((await get('plain', 'ana')).myForecast).toEqual({ probability: 0.2, createdAt: iso(3 * DAY - 1) });
    expect((await listed('plain', 'ben')).myForecast).toEqual({ probability: 0.7, createdAt: iso(2 * DAY) });
    expect((await listed('plain', 'cy')).myForecast).toBeNull();
    expect((await get('plain', 'lee')).myForecast).toBeNull();
  });

  it('hides the crowd from an analyst who has not forecast on a question that hides forecasts', async () => {
    for (const q of [await get('secret', 'ana'), await listed('secret', 'ana')]) {
      expect(q.crowd).toBeNull();
      expect(q.crowdHidden).toBe(true);
      // The counts are no secret.
      expect(q).toMatchObject({ forecasts: 1, forecasters: 1 });
    }
    expect(await get('secret', 'ben')).toMatchObject({ crowd: { probability: 0.8 }, crowdHidden: false });
    expect(await get('secret', 'lee')).toMatchObject({ crowd: { probability: 0.8 }, crowdHidden: false });
  });

  it('shows the crowd once the analyst forecasts, and to everyone once the question closes', async () => {
    await forecast('secret', 'cy', { probability: 0.6 });
    const q = await get('secret', 'cy');
    expect(q.crowdHidden).toBe(false);
    expect(q.crowd.probability).toBeCloseTo(0.7, 12);
    expect((await get('secret', 'ana')).crowdHidden).toBe(true);
    h.clock.set(T0 + 11 * DAY);
    expect(await get('secret', 'ana')).toMatchObject({ status: 'closed', crowdHidden: false });
    expect((await get('secret', 'ana')).crowd.probability).toBeCloseTo(0.7, 12);
    h.clock.set(T0 + 4 * DAY);
  });

  it('has no crowd on a question without forecasts', async () => {
    await question('empty');
    expect(await get('empty', 'ana')).toMatchObject({ crowd: null, crowdHidden: false, myForecast: null });
  });

  it('drops the crowd once a resolution stands, and keeps the asker’s forecast', async () => {
    await question('settled');
    await forecast('settled', 'ana', { probability: 0.65 });
    await forecast('settled', 'ben', { probability: 0.25 });
    const r = await h.call('POST', '/api/questions/settled/resolution', { token: tok.lee, body: { outcome: 'yes' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    for (const q of [await get('settled', 'ana'), await listed('settled', 'ana')]) {
      expect(q).toMatchObject({ status: 'resolved', crowd: null, crowdHidden: false });
      expect(q.myForecast).toEqual({ probability: 0.65, createdAt: iso(4 * DAY) });
    }
  });
});

describe('GET /api/users/{handle}/open-forecasts', () => {
  it('lists the analyst’s standing forecasts on open questions, closing soonest first, with the crowd', async () => {
    const r = await h.call('GET', '/api/users/ana/open-forecasts', { token: tok.ana });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.user).toBe('ana');
    const rows = r.body.forecasts as any[];
    // 'settled' is resolved; 'secret' ana never forecast on.
    expect(rows.map((x) => x.question.key)).toEqual(['soon', 'plain', 'venue', 'later']);
    const soon = rows[0];
    expect(soon.question).toEqual({
      key: 'soon',
      title: 'Question soon',
      type: 'binary',
      options: null,
      closesAt: iso(6 * DAY),
    });
    expect(soon.forecast).toMatchObject({ question: 'soon', user: 'ana', probability: 0.35, createdAt: iso(2 * DAY) });
    expect(soon.crowd).toEqual({ probability: 0.35 });
    expect(soon.forecasters).toBe(1);
    const later = rows[3];
    expect(later.crowd.probability).toBeCloseTo(0.7, 12);
    expect(later.forecasters).toBe(2);
    expect(rows[2].crowd.probabilities).toHaveLength(3);
    expect(rows[2].forecast.probabilities).toEqual([0.2, 0.5, 0.3]);
  });

  it('leaves out questions that have closed', async () => {
    h.clock.set(T0 + 7 * DAY);
    const r = await h.call('GET', '/api/users/ana/open-forecasts', { token: tok.ana });
    expect((r.body.forecasts as any[]).map((x) => x.question.key)).toEqual(['plain', 'venue', 'later']);
    h.clock.set(T0 + 4 * DAY);
  });

  it('is for the analyst, leads and admins', async () => {
    expect((await h.call('GET', '/api/users/ana/open-forecasts', { token: tok.ben })).status).toBe(403);
    expect((await h.call('GET', '/api/users/ana/open-forecasts', { token: tok.lee })).status).toBe(200);
    expect((await h.call('GET', '/api/users/ana/open-forecasts', { token: h.adminToken })).status).toBe(200);
    expect((await h.call('GET', '/api/users/nobody/open-forecasts', { token: tok.lee })).status).toBe(404);
    expect((await h.call('GET', '/api/users/ana/open-forecasts')).status).toBe(401);
    const none = await h.call('GET', '/api/users/dee/open-forecasts', { token: tok.dee });
    expect(none.body).toEqual({ user: 'dee', forecasts: [] });
  });
});

describe('GET /api/users?hasForecasts=', () => {
  it('lists only the users who have forecast, or only those who have not', async () => {
    const yes = await h.call('GET', '/api/users?hasForecasts=true', { token: tok.ana });
    expect(yes.status).toBe(200);
    expect(yes.body.users.map((u: { handle: string }) => u.handle)).toEqual(['ana', 'ben', 'cy']);
    const no = await h.call('GET', '/api/users?hasForecasts=false', { token: tok.ana });
    expect(no.body.users.map((u: { handle: string }) => u.handle)).toEqual(['admin', 'dee', 'lee']);
    const all = await h.call('GET', '/api/users', { token: tok.ana });
    expect(all.body.users).toHaveLength(6);
  });

  it('refuses another value with a 400 naming the field', async () => {
    const r = await h.call('GET', '/api/users?hasForecasts=yes', { token: tok.ana });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['hasForecasts']);
  });
});
