import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToBacktestSums,
  AGGREGATE_NAMES,
  backtest,
  backtestFromSums,
  ci95FromSums,
  emptyBacktestSums,
  scoreQuestion,
  type AggregateName,
  type AggregateScoreRow,
  type Backtest,
} from '../../src/domain/scoring/index.js';
import { scenarioArb } from './arbitraries.js';
import { near } from './helpers.js';

/** One question's four rows from TWBs (final Brier and log loss derived so every column differs). */
function question(twb: Record<AggregateName, number>): AggregateScoreRow[] {
  return AGGREGATE_NAMES.map((name) => ({
    name,
    timeWeightedBrier: twb[name],
    finalBrier: twb[name] / 2,
    finalLogLoss: twb[name] + 1,
  }));
}

const EMPTY = {
  questions: 0,
  meanBrier: null,
  meanTimeWeightedBrier: null,
  meanLogLoss: null,
  timeWeightedBrierCi95: null,
  vsMedian: null,
};

describe('backtest', () => {
  it('an empty set: questions 0 and nulls everywhere, vsMedian null for all', () => {
    const want: Backtest = { questions: 0, aggregates: AGGREGATE_NAMES.map((name) => ({ name, ...EMPTY })) };
    expect(backtest([])).toEqual(want);
    expect(backtestFromSums(emptyBacktestSums())).toEqual(want);
    expect(backtestFromSums([])).toEqual(want);
  });

  it('one question: means are its scores, every interval null, vsMedian its difference', () => {
    const b = backtest([question({ median: 0.5, mean: 0.4, geometric: 0.3, extremized: 0.6 })]);
    expect(b.questions).toBe(1);
    const [median, mean, , extremized] = b.aggregates;
    expect(median).toEqual({
      name: 'median',
      questions: 1,
      meanBrier: 0.25,
      meanTimeWeightedBrier: 0.5,
      meanLogLoss: 1.5,
      timeWeightedBrierCi95: null,
      vsMedian: null,
    });
    expect(mean?.vsMedian?.mean).toBeCloseTo(-0.1, 15);
    expect(mean?.vsMedian?.ci95).toBeNull();
    expect(extremized?.vsMedian?.mean).toBeCloseTo(0.1, 15);
  });

  it('hand-worked: three questions', () => {
    // median TWB 0.5, 0.3, 0.4 -> mean 0.4, sample sd sqrt((0.01 + 0.01 + 0) / 2) = 0.1
    //   CI = 0.4 +- 1.96 * 0.1 / sqrt(3) = 0.4 +- 0.113161...
    // geometric TWB 0.4, 0.3, 0.2 -> differences -0.1, 0, -0.2: mean -0.1, sd sqrt((0 + 0.01 + 0.01) / 2) = 0.1
    //   vsMedian CI = -0.1 +- 0.113161...; its own TWB mean 0.3, sd 0.1
    // mean TWB = median's: differences 0, 0, 0 -> vsMedian { 0, [0, 0] }
    const qs = [
      question({ median: 0.5, mean: 0.5, geometric: 0.4, extremized: 0.9 }),
      question({ median: 0.3, mean: 0.3, geometric: 0.3, extremized: 0.1 }),
      question({ median: 0.4, mean: 0.4, geometric: 0.2, extremized: 0.2 }),
    ];
    const half = (1.96 * 0.1) / Math.sqrt(3);
    for (const b of [backtest(qs), fromSums(qs)]) {
      expect(b.questions).toBe(3);
      const [median, mean, geometric] = b.aggregates;
      expect(median?.meanTimeWeightedBrier).toBeCloseTo(0.4, 15);
      expect(median?.meanBrier).toBeCloseTo(0.2, 15);
      expect(median?.meanLogLoss).toBeCloseTo(1.4, 15);
      expect(median?.timeWeightedBrierCi95?.[0]).toBeCloseTo(0.4 - half, 14);
      expect(median?.timeWeightedBrierCi95?.[1]).toBeCloseTo(0.4 + half, 14);
      expect(median?.vsMedian).toBeNull();
      expect(mean?.vsMedian).toEqual({ mean: 0, ci95: [0, 0] });
      expect(geometric?.meanTimeWeightedBrier).toBeCloseTo(0.3, 15);
      expect(geometric?.vsMedian?.mean).toBeCloseTo(-0.1, 15);
      expect(geometric?.vsMedian?.ci95?.[0]).toBeCloseTo(-0.1 - half, 14);
      expect(geometric?.vsMedian?.ci95?.[1]).toBeCloseTo(-0.1 + half, 14);
    }
  });

  it('rows may come in any order within a question; a question missing an aggregate or repeating one is refused', () => {
    const q = question({ median: 0.5, mean: 0.4, geometric: 0.3, extremized: 0.6 });
    expect(backtest([[...q].reverse()])).toEqual(backtest([q]));
    expect(() => backtest([q.slice(1)])).toThrow(RangeError);
    expect(() => backtest([[...q, q[0]!]])).toThrow(RangeError);
    expect(() => addToBacktestSums(emptyBacktestSums(), q.slice(0, 3))).toThrow(RangeError);
  });

  it('sums that disagree on the number of questions are refused', () => {
    const sums = emptyBacktestSums();
    sums[1]!.questions = 1;
    expect(() => backtestFromSums(sums)).toThrow(RangeError);
  });

  it('equal values give a zero-width interval from the sums too (their rounding noise is not a variance)', () => {
    const qs = Array.from({ length: 7 }, () => question({ median: 1.3, mean: 0.7, geometric: 0.1, extremized: 1.9 }));
    for (const a of fromSums(qs).aggregates) {
      const [lo, hi] = a.timeWeightedBrierCi95!;
      expect(lo).toBe(hi);
      expect(a.meanTimeWeightedBrier).toBeCloseTo(lo, 15);
    }
    expect(ci95FromSums(1, 0.5, 0.25)).toBeNull();
    expect(ci95FromSums(2, 0, 0)).toEqual([0, 0]);
  });
});

function fromSums(qs: readonly AggregateScoreRow[][]): Backtest {
  const sums = emptyBacktestSums();
  for (const q of qs) addToBacktestSums(sums, q);
  return backtestFromSums(sums);
}

/**
 * `ciTol`: an absolute allowance on the interval bounds, for sums that had
 * questions taken out (ci95FromSums: the rounding they keep is not a spread).
 */
function expectSame(a: Backtest, b: Backtest, tol = 1e-9, ciTol = 0): void {
  expect(a.questions).toBe(b.questions);
  const num = (x: number | null | undefined, y: number | null | undefined, what: string, abs = 0) => {
    if (y === null || y === undefined) expect(x ?? null, what).toBeNull();
    else expect(near(x, y, tol) || Math.abs(x! - y) <= abs, `${what}: ${x} vs ${y}`).toBe(true);
  };
  a.aggregates.forEach((x, i) => {
    const y = b.aggregates[i]!;
    expect(x.name).toBe(y.name);
    expect(x.questions).toBe(y.questions);
    num(x.meanBrier, y.meanBrier, `${x.name} meanBrier`);
    num(x.meanTimeWeightedBrier, y.meanTimeWeightedBrier, `${x.name} meanTWB`);
    num(x.meanLogLoss, y.meanLogLoss, `${x.name} meanLogLoss`);
    num(x.timeWeightedBrierCi95?.[0] ?? null, y.timeWeightedBrierCi95?.[0] ?? null, `${x.name} ci lo`, ciTol);
    num(x.timeWeightedBrierCi95?.[1] ?? null, y.timeWeightedBrierCi95?.[1] ?? null, `${x.name} ci hi`, ciTol);
    expect(x.vsMedian === null).toBe(y.vsMedian === null);
    num(x.vsMedian?.mean ?? null, y.vsMedian?.mean ?? null, `${x.name} vsMedian`);
    num(x.vsMedian?.ci95?.[0] ?? null, y.vsMedian?.ci95?.[0] ?? null, `${x.name} vsMedian lo`, ciTol);
    num(x.vsMedian?.ci95?.[1] ?? null, y.vsMedian?.ci95?.[1] ?? null, `${x.name} vsMedian hi`, ciTol);
  });
}

const score = fc.double({ min: 0, max: 2, noNaN: true });
const questionArb = fc.record({ median: score, mean: score, geometric: score, extremized: score }).map((twb) =>
  AGGREGATE_NAMES.map((name) => ({
    name,
    timeWeightedBrier: twb[name],
    finalBrier: twb[name] * 0.9,
    finalLogLoss: twb[name] * 3,
  })),
);

describe('backtest from rows equals backtest from running sums', () => {
  it('for any set of questions (within 1e-9)', () => {
    fc.assert(
      fc.property(fc.array(questionArb, { maxLength: 60 }), (qs) => {
        expectSame(fromSums(qs), backtest(qs));
      }),
      { numRuns: 500 },
    );
  });

  // Taking a question out leaves the sums with rounding of about an ulp of the largest square ever added
  // (0.25 + 1e-18 - 0.25 is 0): a spread of 1e-9 beside a removed 0.5 is below what running sums can hold.
  // Scores here have 4 decimals, as no two real questions' TWBs differ by less than 1e-4 of their size
  // without being equal; arbitrary doubles are checked above, where nothing is taken out.
  const granular = fc.integer({ min: 0, max: 20_000 }).map((k) => k / 10_000);
  const granularQuestion = fc
    .record({ median: granular, mean: granular, geometric: granular, extremized: granular })
    .map((twb) =>
      AGGREGATE_NAMES.map((name) => ({
        name,
        timeWeightedBrier: twb[name],
        finalBrier: twb[name] * 0.9,
        finalLogLoss: twb[name] * 3,
      })),
    );

  it('after questions are rescored: old rows taken out (sign -1), new ones added', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(granularQuestion, granularQuestion, fc.boolean()), { maxLength: 40 }), (pairs) => {
        const sums = emptyBacktestSums();
        for (const [old] of pairs) addToBacktestSums(sums, old);
        for (const [old, fresh, rescored] of pairs) {
          if (!rescored) continue;
          addToBacktestSums(sums, old, -1);
          addToBacktestSums(sums, fresh);
        }
        // What running sums can hold once rows are taken out (ci95FromSums): each add or removal may
        // leave an ulp of the largest square in the sum of squares, which the interval reads as a
        // variance; bound its half-width (differences from the median are no larger than the scores).
        const maxSq = Math.max(0, ...pairs.flatMap(([o, f]) => [...o, ...f].map((r) => r.timeWeightedBrier ** 2)));
        const n = pairs.length;
        const ciTol = n < 2 ? 0 : 1.96 * Math.sqrt((3 * n * Number.EPSILON * maxSq) / (n - 1) / n);
        expectSame(
          backtestFromSums(sums),
          backtest(pairs.map(([old, fresh, rescored]) => (rescored ? fresh : old))),
          1e-9,
          ciTol,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('for the aggregates of scored questions', () => {
    fc.assert(
      fc.property(fc.array(scenarioArb({ maxForecasts: 15 }), { maxLength: 12 }), (scenarios) => {
        const qs = scenarios
          .map((s) =>
            scoreQuestion(
              { type: s.type, closesAt: s.closesAt },
              { outcome: s.outcome, occurredAt: s.occurredAt, resolvedAt: s.resolvedAt },
              s.forecasts,
            ),
          )
          .filter((s) => s.aggregates.length > 0)
          .map((s) => s.aggregates);
        expectSame(fromSums(qs), backtest(qs));
      }),
      { numRuns: 100 },
    );
  });
});
