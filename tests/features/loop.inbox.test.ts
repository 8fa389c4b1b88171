/**
 * The inbox: each kind (unforecast, stale by age and by the crowd moving,
 * closingSoon, awaitingResolution, suggestion), who sees which, the order,
 * and the workspace's staleDays.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const tok: Record<string, string> = {};

async function forecast(who: string, key: string, probability: number, at: number) {
  h.clock.set(T0 + at);
  const r = await h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body: { probability } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}
async function inbox(who: string) {
  const r = await h.call('GET', '/api/inbox', { token: tok[who] });
  expect(r.status).toBe(200);
  return r.body as {
    items: Array<{
      kind: string;
      question: { key: string; status: string; closesAt: string };
      at: string;
      detail: number | null;
    }>;
    counts: Record<string, number>;
  };
}
const brief = (b: Awaited<ReturnType<typeof inbox>>) => b.items.map((i) => `${i.kind} ${i.question.key} ${i.at}`);

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
  h.clock.set(T0);
  const q = (key: string, closesAt: number, opensAt?: number) =>
    h.call('POST', '/api/questions', {
      token: tok.lee,
      body: {
        key,
        title: `${key}?`,
        description: '',
        type: 'binary',
        closesAt: iso(closesAt),
        ...(opensAt ? { opensAt: iso(opensAt) } : {}),
      },
    });
  for (const r of [
    await q('a', 40 * DAY),
    await q('b', 40 * DAY),
    await q('soon', 4 * DAY),
    await q('later', 90 * DAY, 60 * DAY),
  ]) {
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});

describe('inbox', () => {
  it('lists the open questions you have not forecast, oldest opening first, then by key (not upcoming ones)', async () => {
    await forecast('ana', 'a', 0.5, HOUR);
    const b = await inbox('ana');
    expect(brief(b)).toEqual([`unforecast b ${iso(0)}`, `unforecast soon ${iso(0)}`]);
    expect(b.items[0]).toEqual({
      kind: 'unforecast',
      question: { key: 'b', title: 'b?', status: 'open', closesAt: iso(40 * DAY) },
      at: iso(0),
      detail: null,
    });
    expect(b.counts).toEqual({ awaitingResolution: 0, suggestion: 0, closingSoon: 0, stale: 0, unforecast: 2 });
  });

  it('a forecast is stale once the crowd has moved 0.15 or more on some outcome since it, not at 0.145', async () => {
    await forecast('ben', 'a', 0.8, 2 * HOUR); // crowd on a: 0.5 -> 0.65
    await forecast('ana', 'b', 0.5, 3 * HOUR);
    await forecast('ben', 'b', 0.79, 4 * HOUR); // crowd on b: 0.5 -> 0.645
    await forecast('ben', 'soon', 0.3, 4 * HOUR);
    h.clock.set(T0 + 5 * HOUR);
    expect(brief(await inbox('ana'))).toEqual([`stale a ${iso(HOUR)}`, `unforecast soon ${iso(0)}`]);
    // ben's own forecasts came after the moves: not stale.
    expect(brief(await inbox('ben'))).toEqual([]);
  });

  it('lists questions closing within 72 hours for everyone, first among an analyst’s kinds', async () => {
    h.clock.set(T0 + DAY - 60_000);
    expect((await inbox('ana')).counts.closingSoon).toBe(0);
    h.clock.set(T0 + DAY + 60_000);
    expect(brief(await inbox('ana'))).toEqual([
      `closingSoon soon ${iso(4 * DAY)}`,
      `stale a ${iso(HOUR)}`,
      `unforecast soon ${iso(0)}`,
    ]);
    expect(brief(await inbox('ben'))).toEqual([`closingSoon soon ${iso(4 * DAY)}`]);
  });

  it('a forecast older than staleDays is stale; an admin’s staleDays decides', async () => {
    h.clock.set(T0 + 16 * DAY);
    expect(brief(await inbox('ana'))).toEqual([`stale a ${iso(HOUR)}`, `stale b ${iso(3 * HOUR)}`]);
    expect((await h.call('PATCH', '/api/settings', { token: h.adminToken, body: { staleDays: 30 } })).status).toBe(200);
    expect(brief(await inbox('ana'))).toEqual([`stale a ${iso(HOUR)}`]);
    expect(brief(await inbox('ben'))).toEqual([]);
  });

  it('leads see questions awaiting resolution and open suggestions first; analysts do not', async () => {
    const s = await h.call('POST', '/api/questions/soon/suggestions', { token: tok.ben, body: { outcome: 'yes' } });
    expect(s.status).toBe(201);
    const lee = await inbox('lee');
    expect(brief(lee)).toEqual([
      `awaitingResolution soon ${iso(4 * DAY)}`,
      `suggestion soon ${iso(16 * DAY)}`,
      `unforecast a ${iso(0)}`,
      `unforecast b ${iso(0)}`,
    ]);
    expect(lee.items[0]!.question.status).toBe('closed');
    expect(lee.items[1]!.detail).toBe(s.body.suggestion.id);
    expect(lee.counts).toMatchObject({ awaitingResolution: 1, suggestion: 1, unforecast: 2 });
    const admin = await h.call('GET', '/api/inbox', { token: h.adminToken });
    expect(admin.body.counts).toMatchObject({ awaitingResolution: 1, suggestion: 1 });
    expect(
      (await inbox('ana')).items.filter((i) => i.kind === 'awaitingResolution' || i.kind === 'suggestion'),
    ).toEqual([]);
  });

  it('a resolved question leaves every inbox; a suggestion disputing it shows its status', async () => {
    const s = await h.call('GET', '/api/suggestions?status=open', { token: tok.lee });
    expect(
      (await h.call('POST', `/api/suggestions/${s.body.suggestions[0].id}/accept`, { token: tok.lee })).status,
    ).toBe(201);
    expect(brief(await inbox('lee'))).toEqual([`unforecast a ${iso(0)}`, `unforecast b ${iso(0)}`]);
    h.clock.set(T0 + 17 * DAY);
    const d = await h.call('POST', '/api/questions/soon/suggestions', { token: tok.ben, body: { outcome: 'no' } });
    expect(d.status).toBe(201);
    const lee = await inbox('lee');
    expect(lee.items[0]).toMatchObject({
      kind: 'suggestion',
      question: { key: 'soon', status: 'resolved' },
      detail: d.body.suggestion.id,
    });
  });

  it('needs a signed-in user', async () => {
    expect((await h.call('GET', '/api/inbox')).status).toBe(401);
  });
});
