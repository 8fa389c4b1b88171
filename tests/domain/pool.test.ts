import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_NAMES,
  aggregateSeries,
  crowdSeries,
  isAggregateName,
  scoreQuestion,
  type AggregateQuestionScore,
  type QuestionScores,
  type ScoringForecast,
} from '../../src/domain/scoring/index.js';
import { probsArb, scenarioArb, type Scenario } from './arbitraries.js';
import { bin, near, referenceScores, vec } from './helpers.js';

const DIGITS = 12;

function agg(s: QuestionScores, name: string): AggregateQuestionScore {
  const a = s.aggregates.find((x) => x.name === name);
  if (a === undefined) throw new Error(`no aggregate ${name}`);
  return a;
}

/** P(yes) from odds G; on a yes the Brier is 2 (1 - p)^2 = 2 / (1 + G)^2. */
const pOf = (G: number): number => G / (1 + G);
const brierYes = (G: number): number => 2 / (1 + G) ** 2;

describe('aggregates on the docs/scoring.md worked example (binary, yes, window 0..100)', () => {
  // standing P(yes): [0,20) {0.6}; [20,40) {0.6, 0.3}; [40,50) {0.6, 0.3, 0.5}; [50,90) {0.9, 0.3, 0.5}; [90,100) {0.9, 0.3, 0.2}
  const forecasts = [
    bin('ana', 0, 0.6),
    bin('ana', 50, 0.9),
    bin('ben', 20, 0.3),
    bin('cy', 40, 0.5),
    bin('cy', 90, 0.2),
  ];
  const s = scoreQuestion(
    { type: 'binary', closesAt: 100 },
    { outcome: 1, occurredAt: null, resolvedAt: 100 },
    forecasts,
  );

  it('lists median, mean, geometric, extremized in that order; median is the crowd', () => {
    expect(s.aggregates.map((a) => a.name)).toEqual(['median', 'mean', 'geometric', 'extremized']);
    const { name, ...median } = s.aggregates[0]!;
    expect(name).toBe('median');
    expect(median).toEqual(s.crowd);
    expect(median.timeWeightedBrier).toBeCloseTo(0.533, DIGITS);
    for (const a of s.aggregates) expect(a.firstAt).toBe(0);
  });

  it('mean: TWB 0.449, final P(yes) 1.4/3', () => {
    // means 0.6, 0.45, 1.4/3, 1.7/3, 1.4/3; Brier 2(1-p)^2 = 0.32, 0.605, 5.12/9, 3.38/9, 5.12/9
    // TWB = (0.32*20 + 0.605*20 + (5.12/9)*10 + (3.38/9)*40 + (5.12/9)*10) / 100 = (18.5 + 237.6/9) / 100 = 0.449
    const m = agg(s, 'mean');
    expect(m.timeWeightedBrier).toBeCloseTo(0.449, DIGITS);
    expect(m.finalProbs[1]).toBeCloseTo(1.4 / 3, 15);
    expect(m.finalBrier).toBeCloseTo(5.12 / 9, DIGITS);
    expect(m.finalLogLoss).toBeCloseTo(-Math.log(1.4 / 3), DIGITS);
  });

  it('geometric: the geometric mean of the odds, TWB 0.4167262', () => {
    // odds p/(1-p): 0.6 -> 1.5, 0.3 -> 3/7, 0.5 -> 1, 0.9 -> 9, 0.2 -> 1/4
    // G: 1.5; sqrt(1.5 * 3/7) = sqrt(9/14) = 0.801784; (9/14)^(1/3) = 0.863054; (27/7)^(1/3) = 1.568274; (27/28)^(1/3) = 0.987951
    // Brier 2/(1+G)^2: 0.32, 0.616062, 0.576208, 0.303213, 0.506080
    // TWB = (0.32*20 + 0.616062*20 + 0.576208*10 + 0.303213*40 + 0.506080*10) / 100 = 0.4167262
    const Gs = [1.5, Math.sqrt(9 / 14), Math.cbrt(9 / 14), Math.cbrt(27 / 7), Math.cbrt(27 / 28)];
    const weights = [20, 20, 10, 40, 10];
    const twb = Gs.reduce((t, G, i) => t + (brierYes(G) * weights[i]!) / 100, 0);
    const g = agg(s, 'geometric');
    expect(twb).toBeCloseTo(0.4167262, 7);
    expect(g.timeWeightedBrier).toBeCloseTo(twb, DIGITS);
    expect(g.finalProbs[1]).toBeCloseTo(pOf(Math.cbrt(27 / 28)), 15); // 0.496969
    expect(g.finalBrier).toBeCloseTo(brierYes(Math.cbrt(27 / 28)), DIGITS);
    expect(g.finalLogLoss).toBeCloseTo(0.699226824, 9);
  });

  it('extremized: the mean log-odds times 1.5, TWB 0.3888106', () => {
    // G^1.5: 1.837117, 0.717936, 0.801784, 1.963961, 0.981981
    // Brier 2/(1+G)^2: 0.248471, 0.677666, 0.616062, 0.227659, 0.509133
    // TWB = (0.248471*20 + 0.677666*20 + 0.616062*10 + 0.227659*40 + 0.509133*10) / 100 = 0.3888106
    const Gs = [1.5, Math.sqrt(9 / 14), Math.cbrt(9 / 14), Math.cbrt(27 / 7), Math.cbrt(27 / 28)].map((G) => G ** 1.5);
    const weights = [20, 20, 10, 40, 10];
    const twb = Gs.reduce((t, G, i) => t + (brierYes(G) * weights[i]!) / 100, 0);
    const e = agg(s, 'extremized');
    expect(twb).toBeCloseTo(0.3888106, 7);
    expect(e.timeWeightedBrier).toBeCloseTo(twb, DIGITS);
    expect(e.finalProbs[1]).toBeCloseTo(pOf(Math.cbrt(27 / 28) ** 1.5), 15); // 0.495454
    expect(e.finalLogLoss).toBeCloseTo(0.702280422, 9);
  });

  it('aggregateSeries draws each aggregate as a step series; median is crowdSeries', () => {
    expect(aggregateSeries('median', 'binary', forecasts)).toEqual(crowdSeries('binary', forecasts));
    const mean = aggregateSeries('mean', 'binary', forecasts);
    expect(mean.map((p) => p.at)).toEqual([0, 20, 40, 50, 90]);
    const want = [0.6, 0.45, 1.4 / 3, 1.7 / 3, 1.4 / 3];
    mean.forEach((p, i) => {
      expect(p.probs[1]).toBeCloseTo(want[i]!, 15);
      expect(p.probs[0]).toBe(1 - p.probs[1]!);
    });
    const geo = aggregateSeries('geometric', 'binary', forecasts, 50);
    expect(geo.map((p) => p.at)).toEqual([0, 20, 40]);
    expect(geo[1]?.probs[1]).toBeCloseTo(pOf(Math.sqrt(9 / 14)), 15);
  });
});

describe('aggregates by hand on categorical questions', () => {
  it('mean is not divided by its sum (stored vectors may sum to 1 +- 1e-6)', () => {
    // (0.5, 0.3, 0.2) and (0.2, 0.2, 0.6000005), sum 1.0000005: mean (0.35, 0.25, 0.40000025), sum 1.00000025
    const fs = [vec('a', 0, [0.5, 0.3, 0.2]), vec('b', 0, [0.2, 0.2, 0.6000005])];
    const [pt] = aggregateSeries('mean', 'categorical', fs);
    expect(pt?.probs[0]).toBeCloseTo(0.35, 15);
    expect(pt?.probs[1]).toBeCloseTo(0.25, 15);
    expect(pt?.probs[2]).toBeCloseTo(0.40000025, 15);
    // scored as it stands: outcome 2, Brier 0.35^2 + 0.25^2 + 0.59999975^2
    const s = scoreQuestion(
      { type: 'categorical', closesAt: 10 },
      { outcome: 2, occurredAt: null, resolvedAt: 10 },
      fs,
    );
    expect(agg(s, 'mean').finalBrier).toBeCloseTo(0.1225 + 0.0625 + 0.59999975 ** 2, 14);
  });

  it('geometric and extremized floor 0 at 0.001 before the log, and do not floor the result', () => {
    // a (1, 0, 0), b (0.5, 0.5, 0):
    // geometric: g = (sqrt(1 * 0.5), sqrt(0.001 * 0.5), 0.001) = (0.7071068, 0.0223607, 0.001), sum 0.7304675
    //   -> (0.9680195, 0.0306115, 0.0013690)
    // extremized: e = (0.5^0.75, 0.0005^0.75, 0.001^1.5) = (0.5946036, 0.0033437, 0.0000316), sum 0.5979789
    //   -> (0.9943554, 0.0055917, 0.0000529): below the floor, and not floored
    const fs = [vec('a', 0, [1, 0, 0]), vec('b', 0, [0.5, 0.5, 0])];
    const g = [Math.SQRT1_2, Math.sqrt(0.0005), 0.001];
    const gs = g[0]! + g[1]! + g[2]!;
    const e = [0.5 ** 0.75, 0.0005 ** 0.75, 0.001 ** 1.5];
    const es = e[0]! + e[1]! + e[2]!;
    const [geo] = aggregateSeries('geometric', 'categorical', fs);
    const [ext] = aggregateSeries('extremized', 'categorical', fs);
    g.forEach((x, k) => expect(geo?.probs[k]).toBeCloseTo(x / gs, 15));
    e.forEach((x, k) => expect(ext?.probs[k]).toBeCloseTo(x / es, 15));
    expect(geo?.probs[2]).toBeCloseTo(0.001368986373, 12);
    expect(ext?.probs[2]).toBeCloseTo(0.0000528827649, 12);
    // log loss of the extremized pool if option 2 happened: -ln(max(0.0000529, 0.001)) = -ln 0.001
    const s = scoreQuestion(
      { type: 'categorical', closesAt: 10 },
      { outcome: 2, occurredAt: null, resolvedAt: 10 },
      fs,
    );
    expect(agg(s, 'extremized').finalLogLoss).toBeCloseTo(-Math.log(0.001), 14);
    expect(agg(s, 'geometric').finalLogLoss).toBeCloseTo(-Math.log(0.001368986373032493), 12);
  });

  it('a revision replaces the analyst in every pool (the running sums forget the old forecast)', () => {
    // a (0.2, 0.3, 0.5) then (0.6, 0.3, 0.1); b (0.4, 0.4, 0.2): mean (0.5, 0.35, 0.15) on [5, 10)
    const fs = [vec('a', 0, [0.2, 0.3, 0.5]), vec('b', 1, [0.4, 0.4, 0.2]), vec('a', 5, [0.6, 0.3, 0.1])];
    const last = aggregateSeries('mean', 'categorical', fs).at(-1);
    expect(last?.at).toBe(5);
    [0.5, 0.35, 0.15].forEach((x, k) => expect(last?.probs[k]).toBeCloseTo(x, 15));
    // geometric on [5, 10): sqrt(0.24) : sqrt(0.12) : sqrt(0.02)
    const geo = aggregateSeries('geometric', 'categorical', fs).at(-1);
    const g = [Math.sqrt(0.24), Math.sqrt(0.12), Math.sqrt(0.02)];
    g.forEach((x, k) => expect(geo?.probs[k]).toBeCloseTo(x / (g[0]! + g[1]! + g[2]!), 15));
  });

  it('no scored forecast: no aggregates', () => {
    const s = scoreQuestion({ type: 'binary', closesAt: 10 }, { outcome: 1, occurredAt: null, resolvedAt: 10 }, [
      bin('a', 10, 0.5),
    ]);
    expect(s.aggregates).toEqual([]);
    expect(aggregateSeries('extremized', 'ordinal', [])).toEqual([]);
  });

  it('isAggregateName', () => {
    expect(AGGREGATE_NAMES.every(isAggregateName)).toBe(true);
    expect(isAggregateName('crowd')).toBe(false);
  });
});

function parts(s: Scenario) {
  return [
    { type: s.type, closesAt: s.closesAt },
    { outcome: s.outcome, occurredAt: s.occurredAt, resolvedAt: s.resolvedAt },
  ] as const;
}

/** The standing P(yes) of every analyst at instant t (latest by (createdAt, id) with createdAt <= t). */
function standingAt(fs: readonly ScoringForecast[], t: number): Array<readonly number[]> {
  const sorted = [...fs].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const m = new Map<string, readonly number[]>();
  for (const f of sorted) if (f.createdAt <= t) m.set(f.analyst, f.probs);
  return [...m.values()];
}

describe('aggregate properties', () => {
  it('agree with a naive reference of docs/scoring.md on every type', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const [q, r] = parts(s);
        const got = scoreQuestion(q, r, s.forecasts);
        const want = referenceScores(s.type, got.end, s.outcome, s.forecasts);
        expect(got.aggregates.map((a) => a.name)).toEqual(want.aggregates.map((a) => a.name));
        got.aggregates.forEach((a, i) => {
          const w = want.aggregates[i]!;
          expect(a.timeWeightedBrier).toBeCloseTo(w.timeWeightedBrier, 12);
          expect(a.finalBrier).toBeCloseTo(w.finalBrier, 12);
          expect(a.finalLogLoss).toBeCloseTo(w.finalLogLoss, 12);
          w.finalProbs.forEach((p, k) => expect(a.finalProbs[k]).toBeCloseTo(p, 14));
        });
        if (got.crowd !== null) {
          const { name: _, ...median } = got.aggregates[0]!;
          expect(median).toEqual(got.crowd);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agree with the reference after many revisions by many analysts (the running sums do not drift)', () => {
    fc.assert(
      fc.property(scenarioArb({ analysts: 12, maxForecasts: 200, maxTime: 400 }), (s) => {
        const [q, r] = parts(s);
        const got = scoreQuestion(q, r, s.forecasts);
        const want = referenceScores(s.type, got.end, s.outcome, s.forecasts);
        got.aggregates.forEach((a, i) => {
          const w = want.aggregates[i]!;
          expect(near(a.timeWeightedBrier, w.timeWeightedBrier, 1e-12)).toBe(true);
          w.finalProbs.forEach((p, k) => expect(near(a.finalProbs[k], p, 1e-14), `${a.name}[${k}]`).toBe(true));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('binary geometric is the geometric mean of the odds, extremized its 1.5th power (0.1% floor on p and 1 - p)', () => {
    const binaryForecasts = fc
      .array(
        fc.record({
          analyst: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
          createdAt: fc.integer({ min: 0, max: 50 }),
          probs: fc.oneof(
            probsArb('binary', 2),
            fc.double({ min: 0, max: 1, noNaN: true }).map((p) => [1 - p, p]),
          ),
        }),
        { minLength: 1, maxLength: 30 },
      )
      .map((fs) => fs.map((f, i) => ({ id: i + 1, ...f })));
    fc.assert(
      fc.property(binaryForecasts, (fs) => {
        for (const [name, d] of [
          ['geometric', 1],
          ['extremized', 1.5],
        ] as const) {
          for (const pt of aggregateSeries(name, 'binary', fs)) {
            const standing = standingAt(fs, pt.at);
            const meanLogOdds =
              standing.reduce((s, f) => s + Math.log(Math.max(f[1]!, 0.001)) - Math.log(Math.max(f[0]!, 0.001)), 0) /
              standing.length;
            const odds = Math.exp(d * meanLogOdds);
            expect(pt.probs[1]).toBeCloseTo(odds / (1 + odds), 14);
            expect(pt.probs[0]).toBe(1 - pt.probs[1]!);
          }
        }
      }),
    );
  });

  it('one analyst: mean is their forecast exactly; geometric and extremized too while no probability is under 0.1%', () => {
    fc.assert(
      fc.property(scenarioArb({ analysts: 1 }), (s) => {
        for (const name of ['mean', 'geometric'] as const) {
          for (const pt of aggregateSeries(name, s.type, s.forecasts)) {
            const own = standingAt(s.forecasts, pt.at)[0]!;
            if (name === 'mean') {
              if (s.type === 'binary') expect(pt.probs[1]).toBe(own[1]);
              else expect(pt.probs).toEqual(own);
            } else if (own.every((p) => p >= 0.001)) {
              own.forEach((p, k) => expect(pt.probs[k]).toBeCloseTo(p, 14));
            }
          }
        }
      }),
    );
  });

  it('geometric and extremized are probability vectors; extremized is further from uniform than geometric', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const geo = aggregateSeries('geometric', s.type, s.forecasts);
        const ext = aggregateSeries('extremized', s.type, s.forecasts);
        geo.forEach((g) => {
          const e = ext.filter((x) => x.at <= g.at).at(-1)!;
          for (const v of [g.probs, e.probs]) expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
          // e_k is proportional to g_k^1.5, so the largest option only gains
          const top = g.probs.indexOf(Math.max(...g.probs));
          expect(e.probs[top]!).toBeGreaterThanOrEqual(g.probs[top]! - 1e-15);
        });
      }),
    );
  });
});
