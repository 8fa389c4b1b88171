import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  brier,
  crowdSeries,
  scoreQuestion,
  scoringEnd,
  type ScoringForecast,
  type ScoringQuestion,
  type ScoringResolution,
} from '../../src/domain/scoring/index.js';
import { probsArb, scenarioArb, typeArb, optionCountArb, type Scenario } from './arbitraries.js';
import { referenceScores } from './helpers.js';

function parts(s: Scenario): [ScoringQuestion, ScoringResolution] {
  return [
    { type: s.type, closesAt: s.closesAt },
    { outcome: s.outcome, occurredAt: s.occurredAt, resolvedAt: s.resolvedAt },
  ];
}

function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.k - b.k || b.i - a.i)
    .map((e) => e.x);
}

describe('scoreQuestion properties', () => {
  it('agrees with a naive reference implementation of docs/scoring.md', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const [q, r] = parts(s);
        const got = scoreQuestion(q, r, s.forecasts);
        const want = referenceScores(s.type, got.end, s.outcome, s.forecasts);
        expect(got.analysts.map((a) => a.analyst)).toEqual(want.analysts.map((a) => a.analyst));
        got.analysts.forEach((a, i) => {
          const w = want.analysts[i];
          if (w === undefined) throw new Error('missing analyst');
          expect(a.finalBrier).toBeCloseTo(w.finalBrier, 12);
          expect(a.timeWeightedBrier).toBeCloseTo(w.timeWeightedBrier, 10);
          if (w.relativeBrier === null) expect(a.relativeBrier).toBeNull();
          else expect(a.relativeBrier).toBeCloseTo(w.relativeBrier, 10);
        });
        if (want.crowd === null) {
          expect(got.crowd).toBeNull();
        } else {
          expect(got.crowd?.timeWeightedBrier).toBeCloseTo(want.crowd.timeWeightedBrier, 10);
          expect(got.crowd?.finalBrier).toBeCloseTo(want.crowd.finalBrier, 12);
          want.crowd.finalProbs.forEach((p, k) => expect(got.crowd?.finalProbs[k]).toBeCloseTo(p, 12));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the reference for many analysts with tied Briers (median-of-others bookkeeping)', () => {
    fc.assert(
      fc.property(scenarioArb({ analysts: 15, maxForecasts: 80, maxTime: 60 }), (s) => {
        const [q, r] = parts(s);
        const got = scoreQuestion(q, r, s.forecasts);
        const want = referenceScores(s.type, got.end, s.outcome, s.forecasts);
        got.analysts.forEach((a, i) => {
          const w = want.analysts[i];
          if (w === undefined) throw new Error('missing analyst');
          if (w.relativeBrier === null) expect(a.relativeBrier).toBeNull();
          else expect(a.relativeBrier).toBeCloseTo(w.relativeBrier, 10);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the reference at epoch-millisecond scale (hour steps from 2024)', () => {
    const base = 1_704_067_200_000;
    const hour = 3_600_000;
    const at = (t: number): number => base + t * hour;
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const scaled: Scenario = {
          ...s,
          closesAt: at(s.closesAt),
          occurredAt: s.occurredAt === null ? null : at(s.occurredAt),
          resolvedAt: at(s.resolvedAt),
          forecasts: s.forecasts.map((f) => ({ ...f, createdAt: at(f.createdAt) })),
        };
        const [q, r] = parts(scaled);
        const got = scoreQuestion(q, r, scaled.forecasts);
        const want = referenceScores(s.type, got.end, s.outcome, scaled.forecasts);
        got.analysts.forEach((a, i) => {
          const w = want.analysts[i];
          if (w === undefined) throw new Error('missing analyst');
          expect(a.timeWeightedBrier).toBeCloseTo(w.timeWeightedBrier, 10);
          if (w.relativeBrier === null) expect(a.relativeBrier).toBeNull();
          else expect(a.relativeBrier).toBeCloseTo(w.relativeBrier, 10);
        });
        if (want.crowd !== null) expect(got.crowd?.timeWeightedBrier).toBeCloseTo(want.crowd.timeWeightedBrier, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('any insertion order gives the same scores (distinct createdAt)', () => {
    fc.assert(
      fc.property(
        scenarioArb().map((s) => {
          const seen = new Set<number>();
          return {
            ...s,
            forecasts: s.forecasts.filter((f) => !seen.has(f.createdAt) && seen.add(f.createdAt) !== undefined),
          };
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        (s, keys) => {
          const [q, r] = parts(s);
          expect(scoreQuestion(q, r, permute(s.forecasts, keys))).toEqual(scoreQuestion(q, r, s.forecasts));
        },
      ),
    );
  });

  it('any insertion order gives the same scores (shared instants, ordered by id)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxTime: 10 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (s, keys) => {
        const [q, r] = parts(s);
        expect(scoreQuestion(q, r, permute(s.forecasts, keys))).toEqual(scoreQuestion(q, r, s.forecasts));
      }),
    );
  });

  it('a forecast made at or after end changes no score', () => {
    fc.assert(
      fc.property(
        scenarioArb(),
        fc.array(
          fc.record({ analyst: fc.constantFrom('ana', 'anb', 'late'), delay: fc.integer({ min: 0, max: 50 }) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (s, lates) => {
          const [q, r] = parts(s);
          const end = scoringEnd(q, r);
          const onehot = Array.from({ length: s.K }, (_, k) => (k === s.outcome ? 1 : 0));
          const extra: ScoringForecast[] = lates.map((l, i) => ({
            id: 1000 + i,
            analyst: l.analyst,
            createdAt: end + l.delay,
            probs: onehot,
          }));
          expect(scoreQuestion(q, r, [...extra, ...s.forecasts])).toEqual(scoreQuestion(q, r, s.forecasts));
        },
      ),
    );
  });

  it('one forecast gives TWB = final Brier', () => {
    fc.assert(
      fc.property(
        typeArb.chain((type) =>
          optionCountArb(type).chain((K) =>
            fc.tuple(
              fc.constant(type),
              probsArb(type, K),
              fc.integer({ min: 0, max: K - 1 }),
              fc.integer({ min: 0, max: 99 }),
            ),
          ),
        ),
        ([type, probs, outcome, t]) => {
          const s = scoreQuestion({ type, closesAt: 100 }, { outcome, occurredAt: null, resolvedAt: 100 }, [
            { id: 1, analyst: 'x', createdAt: t, probs },
          ]);
          const a = s.analysts[0];
          expect(a?.timeWeightedBrier).toBe(a?.finalBrier);
          expect(a?.finalBrier).toBe(brier(type, probs, outcome));
          // the crowd divides by the sum of medians, which may be 1 +- 1 ulp: equal up to rounding
          expect(s.crowd?.timeWeightedBrier).toBeCloseTo(a?.finalBrier ?? NaN, 14);
          expect(a?.relativeBrier).toBeNull();
        },
      ),
    );
  });

  it('exactly two participants who start together have opposite relative Briers', () => {
    fc.assert(
      fc.property(scenarioArb({ analysts: 2, maxTime: 90 }), fc.integer({ min: 0, max: 90 }), (s, t0) => {
        const [q, r] = parts({ ...s, closesAt: 100, occurredAt: null, resolvedAt: 100 });
        const start = (id: number, analyst: string): ScoringForecast => ({
          id,
          analyst,
          createdAt: t0,
          probs: s.forecasts[0]?.probs ?? onehot(s.K, 0),
        });
        const fs = [start(-2, 'ana'), start(-1, 'anb'), ...s.forecasts.filter((f) => f.createdAt > t0)];
        const got = scoreQuestion(q, r, fs);
        expect(got.analysts).toHaveLength(2);
        const [a, b] = got.analysts;
        expect(a?.relativeBrier).not.toBeNull();
        expect(a?.relativeBrier ?? NaN).toBeCloseTo(-(b?.relativeBrier ?? NaN), 12);
      }),
    );
  });

  it('the binary crowd is exactly the median of the standing P(yes)', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        if (s.type !== 'binary') return;
        const points = crowdSeries('binary', s.forecasts);
        const sorted = [...s.forecasts].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
        for (const pt of points) {
          const standing = new Map<string, number>();
          for (const f of sorted) if (f.createdAt <= pt.at) standing.set(f.analyst, f.probs[1] as number);
          const ps = [...standing.values()].sort((a, b) => a - b);
          const n = ps.length;
          const med = n % 2 ? (ps[(n - 1) / 2] as number) : ((ps[n / 2 - 1] as number) + (ps[n / 2] as number)) / 2;
          expect(pt.probs[1]).toBe(med);
          expect(pt.probs[0]).toBe(1 - med);
        }
      }),
    );
  });
});

function onehot(K: number, j: number): number[] {
  return Array.from({ length: K }, (_, k) => (k === j ? 1 : 0));
}
