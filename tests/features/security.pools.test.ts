/**
 * Issue 8, finding 1: pooled calibration and Brier by month must not stand in
 * for `?user=` of another analyst. A team, tag or window whose forecasters are
 * one other analyst (or two) is refused to an analyst with 403; a pool of 3 or
 * more, or of the analyst alone, is open; leads and admins read any pool; the
 * leaderboard stays open.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const h = useHarness(new Date(T0).toISOString());
const tok: Record<string, string> = {};

async function question(key: string, tags: string[], forecasters: string[], p: number) {
  const q = await h.call('POST', '/api/questions', {
    token: tok.lee,
    body: {
      key,
      title: `Pool ${key}`,
      description: '',
      type: 'binary',
      tags,
      opensAt: new Date(h.clock.now().getTime()).toISOString(),
      closesAt: new Date(h.clock.now().getTime() + 30 * DAY).toISOString(),
    },
  });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  h.clock.advance(DAY);
  for (const who of forecasters) {
    const f = await h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body: { probability: p } });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
  }
  h.clock.advance(DAY);
  const r = await h.call('POST', `/api/questions/${key}/resolution`, { token: tok.lee, body: { outcome: 'yes' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

beforeAll(async () => {
  for (const u of ['ana', 'bob', 'cy']) tok[u] = await h.user(u);
  tok.lee = await h.user('lee', 'lead');
  for (const [key, members] of [
    ['solo', ['bob']],
    ['duo', ['ana', 'bob']],
    ['mine', ['ana']],
    ['trio', ['ana', 'bob', 'cy']],
  ] as const) {
    const t = await h.call('POST', '/api/teams', { token: h.adminToken, body: { key, name: key } });
    expect(t.status).toBe(201);
    const m = await h.call('PUT', `/api/teams/${key}/members`, { token: h.adminToken, body: { handles: members } });
    expect(m.status).toBe(200);
  }
  // September: bob alone forecasts a question tagged bob-only; then all three forecast one.
  await question('bob-alone', ['bob-only'], ['bob'], 0.9);
  h.clock.set(Date.parse('2023-11-01T00:00:00.000Z'));
  await question('everyone', ['shared'], ['ana', 'bob', 'cy'], 0.7);
}, 60_000);

const get = (who: string, path: string) => h.call('GET', path, { token: who === 'admin' ? h.adminToken : tok[who] });

describe('pooled calibration and brier-by-month for an analyst', () => {
  const narrow = [
    '?team=solo', // a team of one other analyst
    '?team=duo', // the analyst and one other: differencing with ?user=ana reveals bob
    '?tag=bob-only', // a tag only bob forecast
    '?from=2023-09-01&to=2023-10-01', // a window only bob forecast in
  ];

  it.each(narrow)('a pool of fewer than 3 forecasters that is not the analyst alone is 403: %s', async (q) => {
    for (const path of [`/api/calibration${q}`, `/api/brier-by-month${q}`]) {
      const r = await get('ana', path);
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
      expect(r.body.error.code).toBe('forbidden');
      expect(r.body.error.message).toMatch(/3 or more forecasters/);
    }
  });

  it('the same narrow pools are open to leads and admins, and bob alone reads his own', async () => {
    for (const q of narrow) {
      for (const who of ['lee', 'admin']) {
        for (const path of [`/api/calibration${q}`, `/api/brier-by-month${q}`]) {
          expect({ who, path, status: (await get(who, path)).status }).toEqual({ who, path, status: 200 });
        }
      }
    }
    // bob is alone in his solo team and his tag: his own figures.
    expect((await get('bob', '/api/calibration?team=solo')).status).toBe(200);
    expect((await get('bob', '/api/brier-by-month?tag=bob-only')).status).toBe(200);
  });

  it('a pool of 3 forecasters, or of the analyst alone, is open to an analyst', async () => {
    for (const q of ['', '?team=trio', '?tag=shared', '?team=mine']) {
      for (const path of [`/api/calibration${q}`, `/api/brier-by-month${q}`]) {
        const r = await get('ana', path);
        expect({ path, status: r.status }).toEqual({ path, status: 200 });
      }
    }
    const pooled = await get('ana', '/api/calibration?team=trio');
    expect(pooled.body.events).toBe(4);
    expect((await get('ana', '/api/calibration?user=ana&team=duo')).status).toBe(200);
  });

  it('the leaderboard stays open over any pool', async () => {
    const r = await get('ana', '/api/leaderboard?team=solo');
    expect(r.status).toBe(200);
    expect(r.body.analysts.map((a: { handle: string }) => a.handle)).toEqual(['bob']);
  });
});
