/**
 * The team aggregates and the coaching figures over HTTP (docs/scoring.md
 * "Other team aggregates" and "Coaching"): the worked example's aggregates
 * worked by hand, an overconfident analyst and a hedger whose verdicts and
 * best shrink are worked by hand, and the start-up backfill of a workspace
 * scored before the aggregates were stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { backfillAggregates } from '../../src/features/scores/rescoring.service';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const H = 3_600_000;
const h = useHarness(new Date(T0).toISOString());
const at = (ms: number) => h.clock.set(T0 + ms);
const tok: Record<string, string> = {};

async function get(path: string, who = 'lee') {
  const r = await h.call('GET', path, { token: tok[who] });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function question(key: string, closesAt: number) {
  const r = await h.call('POST', '/api/questions', {
    token: tok.lee,
    body: {
      key,
      title: key,
      description: '',
      type: 'binary',
      tags: [key.startsWith('worked') ? 'worked' : 'habits'],
      opensAt: new Date(T0 - 1000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function forecast(key: string, ms: number, who: string, p: number) {
  at(ms);
  const r = await h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body: { probability: p } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function resolve(key: string, outcome: string, occurredAt?: number) {
  const r = await h.call('POST', `/api/questions/${key}/resolution`, {
    token: tok.lee,
    body: { outcome, ...(occurredAt !== undefined ? { occurredAt: new Date(occurredAt).toISOString() } : {}) },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Same shape, numbers within 1e-12. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') expect(actual as number, path).toBeCloseTo(expected, 12);
  else if (expected === null || typeof expected !== 'object') expect(actual, path).toBe(expected);
  else {
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  }
}

/** Binary Brier of P(yes) = p when yes happened. */
const b = (p: number) => 2 * (p - 1) ** 2;
/** The log-odds pools of docs/scoring.md on P(yes): 1 / (1 + exp(d * mean ln((1 - p) / p))). */
const logPool = (ps: number[], d: number) =>
  1 / (1 + Math.exp((d * ps.reduce((s, p) => s + Math.log((1 - p) / p), 0)) / ps.length));
const mean = (ps: number[]) => ps.reduce((s, p) => s + p, 0) / ps.length;

/** The worked example's standing forecasts: [from, to) and the standing P(yes) of ana, ben, cy. */
const STEPS: Array<[number, number, number[]]> = [
  [0, 20, [0.6]],
  [20, 40, [0.6, 0.3]],
  [40, 50, [0.6, 0.3, 0.5]],
  [50, 90, [0.9, 0.3, 0.5]],
  [90, 100, [0.9, 0.3, 0.2]],
];
function byHand(pool: (ps: number[]) => number) {
  const twb = STEPS.reduce((s, [from, to, ps]) => s + (b(pool(ps)) * (to - from)) / 100, 0);
  const last = pool(STEPS[4]![2]);
  return { finalBrier: b(last), timeWeightedBrier: twb, finalLogLoss: -Math.log(last) };
}

beforeAll(async () => {
  for (const u of ['ana', 'ben', 'cy', 'ovc', 'hed']) tok[u] = await h.user(u);
  tok.lee = await h.user('lee', 'lead');
  // docs/scoring.md's worked example: binary, yes, window 0..100 ms
  at(-1000);
  await question('worked', T0 + 100_000);
  await forecast('worked', 0, 'ana', 0.6);
  await forecast('worked', 20, 'ben', 0.3);
  await forecast('worked', 40, 'cy', 0.5);
  await forecast('worked', 50, 'ana', 0.9);
  await forecast('worked', 90, 'cy', 0.2);
  at(5000);
  await resolve('worked', 'yes', T0 + 100);
  // ovc says 90% ten times and 7 happen; hed says 60% ten times and all 10 happen
  for (let i = 0; i < 10; i++) {
    at(-1000);
    await question(`ovc-${i}`, T0 + 10 * H);
    await question(`hed-${i}`, T0 + 10 * H);
    await forecast(`ovc-${i}`, H, 'ovc', 0.9);
    await forecast(`hed-${i}`, H, 'hed', 0.6);
  }
  at(20 * H);
  for (let i = 0; i < 10; i++) {
    await resolve(`ovc-${i}`, i < 7 ? 'yes' : 'no');
    await resolve(`hed-${i}`, 'yes');
  }
}, 120_000);

describe('the team aggregates', () => {
  it("score the worked example as worked by hand, in the documented order, beside the crowd's 0.533", async () => {
    const r = await get('/api/questions/worked/scores', 'ana');
    expect(r.aggregates.map((a: { name: string }) => a.name)).toEqual(['median', 'mean', 'geometric', 'extremized']);
    const expected = {
      median: { finalBrier: 0.98, timeWeightedBrier: 0.533, finalLogLoss: -Math.log(0.3) },
      mean: byHand(mean),
      geometric: byHand((ps) => logPool(ps, 1)),
      extremized: byHand((ps) => logPool(ps, 1.5)),
    };
    for (const a of r.aggregates) {
      const e = expected[a.name as keyof typeof expected];
      expect(a.finalBrier, a.name).toBeCloseTo(e.finalBrier, 12);
      expect(a.timeWeightedBrier, a.name).toBeCloseTo(e.timeWeightedBrier, 12);
      expect(a.finalLogLoss, a.name).toBeCloseTo(e.finalLogLoss, 12);
    }
    expect(r.crowd.timeWeightedBrier).toBe(r.aggregates[0].timeWeightedBrier);
    // mean over [90,100) is 1.4/3: its final Brier is 2 (1.4/3 - 1)^2
    expect(r.aggregates[1].finalBrier).toBeCloseTo(2 * (1.4 / 3 - 1) ** 2, 12);
  });

  it('GET /aggregates over the worked example alone: one question, no intervals, the difference from the median', async () => {
    const r = await get('/api/aggregates?tag=worked', 'ben');
    expect(r.questions).toBe(1);
    const [median, meanRow] = r.aggregates;
    expect(median).toEqual({
      name: 'median',
      questions: 1,
      meanBrier: expect.closeTo(0.98, 12),
      meanTimeWeightedBrier: expect.closeTo(0.533, 12),
      meanLogLoss: expect.closeTo(-Math.log(0.3), 12),
      timeWeightedBrierCi95: null,
      vsMedian: null,
    });
    expect(meanRow.vsMedian.mean).toBeCloseTo(byHand(mean).timeWeightedBrier - 0.533, 12);
    expect(meanRow.vsMedian.ci95).toBeNull();
    // the window path (score rows) says the same as the rollup path
    const windowed = await get('/api/aggregates?tag=worked&from=2000-01-01', 'ben');
    expect(windowed).toEqual(r);
    // a window that ends before the question's: nothing
    expect((await get('/api/aggregates?tag=worked&to=2023-09-01', 'ben')).questions).toBe(0);
  });

  it('GET /aggregates over every question: 21 questions, intervals on all of them', async () => {
    const r = await get('/api/aggregates', 'hed');
    expect(r.questions).toBe(21);
    for (const a of r.aggregates) {
      expect(a.questions).toBe(21);
      expect(a.timeWeightedBrierCi95[0]).toBeLessThan(a.meanTimeWeightedBrier);
      if (a.name !== 'median') expect(a.vsMedian.ci95).toHaveLength(2);
    }
  });
});

describe('the pooled line of a question chart', () => {
  it('GET /questions/{key}/crowd?aggregate= draws any aggregate; the crowd by default; an unknown one is a 400', async () => {
    const median = await get('/api/questions/worked/crowd', 'ana');
    expect(median.points.at(-1).probability).toBeCloseTo(0.3, 12);
    const meanLine = await get('/api/questions/worked/crowd?aggregate=mean', 'ana');
    expect(meanLine.points.map((p: { at: string }) => Date.parse(p.at) - T0)).toEqual([0, 20, 40, 50, 90]);
    expect(meanLine.points.at(-1).probability).toBeCloseTo(1.4 / 3, 12);
    const ext = await get('/api/questions/worked/crowd?aggregate=extremized', 'ana');
    expect(ext.points.at(-1).probability).toBeCloseTo(logPool([0.9, 0.3, 0.2], 1.5), 12);
    const bad = await h.call('GET', '/api/questions/worked/crowd?aggregate=max', { token: tok.ana });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('aggregate');
  });
});

describe('coaching', () => {
  it('the overconfident analyst: 90-100% is too high, the best shrink k = 0.5 cuts 0.5 to 0.42', async () => {
    const c = await get('/api/calibration?user=ovc', 'ovc');
    const top = c.bins[9];
    expect(top).toMatchObject({ n: 10, verdict: 'tooHigh' });
    expect(top.meanForecast).toBeCloseTo(0.9, 12);
    expect(top.observedFrequency).toBeCloseTo(0.7, 12);
    // Wilson(7, 10) = [0.3968, 0.8922]: 0.9 is above it
    expect(top.ci95[1]).toBeCloseTo(0.8922, 4);
    expect(c.bins.filter((x: { n: number }) => x.n === 0).every((x: { verdict: null }) => x.verdict === null)).toBe(
      true,
    );
    // M(k) = (7 * 2 (0.4k - 0.5)^2 + 3 * 2 (0.4k + 0.5)^2) / 10, least at k = 0.5
    expect(c.recalibration.forecasts).toBe(10);
    expect(c.recalibration.meanBrier).toBeCloseTo(0.5, 12);
    expect(c.recalibration.k).toBeCloseTo(0.5, 12);
    expect(c.recalibration.meanBrierAtK).toBeCloseTo(0.42, 12);
    expect(c.recalibration.improvement).toBeCloseTo(0.08, 12);
  });

  it('the hedger: 60-70% is too low, the best shrink pushes to k = 3 (the end of the range)', async () => {
    const c = await get('/api/calibration?user=hed', 'lee');
    expect(c.bins[6]).toMatchObject({ n: 10, observedFrequency: 1, verdict: 'tooLow' });
    expect(c.bins[6].ci95[1]).toBe(1);
    expect(c.recalibration).toEqual({
      forecasts: 10,
      meanBrier: expect.closeTo(0.32, 12),
      k: 3,
      meanBrierAtK: expect.closeTo(0.08, 12),
      improvement: expect.closeTo(0.24, 12),
    });
  });

  it("the tag and window path (score rows) gives the rollup path's answer; no events: nulls", async () => {
    for (const user of ['ovc', 'hed', 'ana']) {
      const rollup = await get(`/api/calibration?user=${user}`);
      const rows = await get(`/api/calibration?user=${user}&from=2000-01-01`);
      expect(rows.recalibration, user).toEqual(rollup.recalibration);
      expect(rows.bins, user).toEqual(rollup.bins);
    }
    const none = await get('/api/calibration?user=ovc&tag=worked');
    expect(none.recalibration).toEqual({
      forecasts: 0,
      meanBrier: null,
      k: null,
      meanBrierAtK: null,
      improvement: null,
    });
    // pooled: one final forecast per (analyst, question), 3 + 10 + 10
    expect((await get('/api/calibration')).recalibration.forecasts).toBe(23);
  });

  it('re-resolving moves the recalibration, and moving it back restores it exactly', async () => {
    const before = await get('/api/calibration?user=ovc');
    at(21 * H);
    await resolve('ovc-9', 'yes');
    const moved = await get('/api/calibration?user=ovc');
    expect(moved.bins[9].observedFrequency).toBeCloseTo(0.8, 12);
    // 8 yes, 2 no: 8 (0.4k - 0.5) + 2 (0.4k + 0.5) = 0 at k = 0.75
    expect(moved.recalibration.k).toBeCloseTo(0.75, 12);
    at(22 * H);
    await resolve('ovc-9', 'no');
    expect(await get('/api/calibration?user=ovc')).toEqual(before);
  });
});

describe('start-up backfill', () => {
  it('rescores a workspace scored before the aggregates were stored, once; then does nothing', async () => {
    const paths = ['/api/aggregates', '/api/calibration?user=ovc', '/api/calibration', '/api/questions/worked/scores'];
    const before = await Promise.all(paths.map((p) => get(p)));
    expect(await backfillAggregates(h.database.db)).toBeNull();
    // what a database migrated from before the aggregates holds: none of their rows
    await h.database.db.execute(
      sql`truncate aggregate_scores, aggregate_rollups, recalibration_rollups, pooled_recalibration_rollups, pooled_calibration_rollups`,
    );
    expect((await get('/api/aggregates')).questions).toBe(0);
    const done = await backfillAggregates(h.database.db);
    expect(done?.questions).toBe(21);
    // the rollups are running sums: rebuilt in another order, they agree to rounding
    for (let i = 0; i < paths.length; i++) expectClose(await get(paths[i]!), before[i], paths[i]!);
    expect(await backfillAggregates(h.database.db)).toBeNull();
  });
});
