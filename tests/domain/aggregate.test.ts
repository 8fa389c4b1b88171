import { describe, expect, it } from 'vitest';
import {
  aggregateAnalyst,
  aggregateCrowd,
  compareLeaderboardRows,
  type LeaderboardSortKey,
} from '../../src/domain/scoring/index.js';

describe('aggregateAnalyst', () => {
  it('no rows: zero questions and nulls', () => {
    expect(aggregateAnalyst([])).toEqual({
      questions: 0,
      meanBrier: null,
      meanTimeWeightedBrier: null,
      meanLogLoss: null,
      meanRelativeBrier: null,
      relativeQuestions: 0,
      timeWeightedBrierCi95: null,
    });
  });

  it('one row: means are that row, CI null (n < 2)', () => {
    const a = aggregateAnalyst([{ finalBrier: 0.02, timeWeightedBrier: 0.17, relativeBrier: null, finalLogLoss: 0.1 }]);
    expect(a).toEqual({
      questions: 1,
      meanBrier: 0.02,
      meanTimeWeightedBrier: 0.17,
      meanLogLoss: 0.1,
      meanRelativeBrier: null,
      relativeQuestions: 0,
      timeWeightedBrierCi95: null,
    });
  });

  it('hand-worked: means, RB over non-null rows only, CI with the sample sd', () => {
    // TWB 0.1, 0.3, 0.5: mean 0.3, sample sd = sqrt((0.04 + 0 + 0.04) / 2) = 0.2
    // CI = 0.3 +- 1.96 * 0.2 / sqrt(3) = 0.3 +- 0.22632...
    const a = aggregateAnalyst([
      { finalBrier: 0.2, timeWeightedBrier: 0.1, relativeBrier: -0.5, finalLogLoss: 1 },
      { finalBrier: 0.4, timeWeightedBrier: 0.3, relativeBrier: null, finalLogLoss: 2 },
      { finalBrier: 0.9, timeWeightedBrier: 0.5, relativeBrier: 0.1, finalLogLoss: 3 },
    ]);
    expect(a.questions).toBe(3);
    expect(a.meanBrier).toBeCloseTo(0.5, 15);
    expect(a.meanTimeWeightedBrier).toBeCloseTo(0.3, 15);
    expect(a.meanLogLoss).toBe(2);
    expect(a.meanRelativeBrier).toBeCloseTo(-0.2, 15);
    expect(a.relativeQuestions).toBe(2);
    const half = (1.96 * 0.2) / Math.sqrt(3);
    expect(a.timeWeightedBrierCi95?.[0]).toBeCloseTo(0.3 - half, 14);
    expect(a.timeWeightedBrierCi95?.[1]).toBeCloseTo(0.3 + half, 14);
  });

  it('two equal TWBs give a zero-width CI', () => {
    const row = { finalBrier: 0.5, timeWeightedBrier: 0.5, relativeBrier: 0, finalLogLoss: 0.7 };
    expect(aggregateAnalyst([row, row]).timeWeightedBrierCi95).toEqual([0.5, 0.5]);
  });
});

describe('aggregateCrowd', () => {
  it('no questions: 0 and nulls', () => {
    expect(aggregateCrowd([])).toEqual({
      questions: 0,
      meanBrier: null,
      meanTimeWeightedBrier: null,
      meanLogLoss: null,
    });
  });

  it('means each column separately', () => {
    expect(
      aggregateCrowd([
        { timeWeightedBrier: 0.533, finalBrier: 0.98, finalLogLoss: 1 },
        { timeWeightedBrier: 0.467, finalBrier: 0.02, finalLogLoss: 3 },
      ]),
    ).toEqual({ questions: 2, meanBrier: 0.5, meanTimeWeightedBrier: 0.5, meanLogLoss: 2 });
  });
});

describe('compareLeaderboardRows', () => {
  const row = (handle: string, rb: number | null, twb: number | null): LeaderboardSortKey => ({
    handle,
    meanRelativeBrier: rb,
    meanTimeWeightedBrier: twb,
  });

  it.each([
    { a: row('x', -0.1, 0.9), b: row('a', 0.2, 0.1), want: -1, why: 'lower RB first' },
    { a: row('a', null, 0.1), b: row('x', 0.5, 0.9), want: 1, why: 'null RB last' },
    { a: row('x', 0.1, 0.2), b: row('a', 0.1, 0.3), want: -1, why: 'RB tie: lower TWB first' },
    { a: row('a', 0.1, null), b: row('x', 0.1, 0.3), want: 1, why: 'RB tie: null TWB last' },
    { a: row('a', null, null), b: row('b', null, null), want: -1, why: 'all null: handle' },
    { a: row('B', 0, 0), b: row('a', 0, 0), want: -1, why: 'code point: B (U+0042) before a (U+0061)' },
    {
      a: row('\u{1F600}', 0, 0),
      b: row('\uFF5E', 0, 0),
      want: 1,
      why: 'code point: U+1F600 after U+FF5E (UTF-16 order would say before)',
    },
    { a: row('same', 0, 0), b: row('same', 0, 0), want: 0, why: 'equal' },
  ])('$why', ({ a, b, want }) => {
    expect(Math.sign(compareLeaderboardRows(a, b))).toBe(want);
    expect(Math.sign(compareLeaderboardRows(b, a))).toBe(-want || 0);
  });

  it('sorts a board', () => {
    const rows = [
      row('zed', null, 0.1),
      row('amy', 0.1, 0.4),
      row('bob', -0.3, 0.5),
      row('cat', 0.1, 0.2),
      row('Dan', null, null),
    ];
    expect(rows.sort(compareLeaderboardRows).map((r) => r.handle)).toEqual(['bob', 'cat', 'amy', 'zed', 'Dan']);
  });
});
