import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  brier,
  groupRecalibrationTerms,
  recalibrate,
  recalibrationTerms,
  RecalibrationTermSet,
  shrunkMeanBrier,
  type QuestionType,
  type RecalibrationInput,
  type RecalibrationTerm,
} from '../../src/domain/scoring/index.js';
import { optionCountArb, probsArb, typeArb } from './arbitraries.js';

interface Final {
  type: QuestionType;
  probs: number[];
  outcome: number;
}

function inputOf(finals: readonly Final[]): RecalibrationInput {
  const set = new RecalibrationTermSet();
  for (const f of finals) set.add(f.type, f.probs, f.outcome);
  return set.input();
}

/** The raw terms, one forecast at a time, never grouped. */
function rawInputOf(finals: readonly Final[]): RecalibrationInput {
  return { forecasts: finals.length, terms: finals.flatMap((f) => recalibrationTerms(f.type, f.probs, f.outcome)) };
}

const clip = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * B(k) straight from docs/scoring.md: binary and categorical over every outcome with
 * w = 1 (a binary forecast is the vector (1-p, p)), ordinal over the cumulative
 * sums with w = 2/(K-1).
 */
function naiveB(f: Final, k: number): number {
  const K = f.probs.length;
  if (f.type === 'ordinal') {
    let s = 0;
    let F = 0;
    for (let m = 1; m < K; m++) {
      F += f.probs[m - 1]!;
      const O = f.outcome <= m - 1 ? 1 : 0;
      s += (clip(m / K + k * (F - m / K)) - O) ** 2;
    }
    return (2 / (K - 1)) * s;
  }
  let s = 0;
  for (let m = 0; m < K; m++) s += (clip(1 / K + k * (f.probs[m]! - 1 / K)) - (m === f.outcome ? 1 : 0)) ** 2;
  return s;
}

const naiveM = (finals: readonly Final[], k: number): number =>
  finals.reduce((s, f) => s + naiveB(f, k), 0) / finals.length;

const repeat = (n: number, f: Final): Final[] => Array.from({ length: n }, () => f);

describe('recalibrate: hand-worked', () => {
  it('n = 0: every field but forecasts is null', () => {
    expect(recalibrate({ forecasts: 0, terms: [] })).toEqual({
      forecasts: 0,
      meanBrier: null,
      k: null,
      meanBrierAtK: null,
      improvement: null,
    });
    expect(shrunkMeanBrier({ forecasts: 0, terms: [] }, 1)).toBeNull();
  });

  it('overconfident binary: always 90%, right 2 times in 3 -> k = 5/12, M(k) = 4/9', () => {
    // one term U = 0.5, X = 0.4, w = 2; O = 1 twice, O = 0 once; the term clips at k = 0.5 / 0.4 = 1.25.
    // 3 M(k) = 2 * 2 (0.4k - 0.5)^2 + 2 (0.4k + 0.5)^2 on [0, 1.25]
    // d/dk: 3.2 (0.4k - 0.5) + 1.6 (0.4k + 0.5) = 1.92k - 0.8 = 0 -> k = 5/12 (P(yes) 0.5 + 0.4 * 5/12 = 2/3, the hit rate)
    // M(5/12) = (4 (1/6 - 1/2)^2 + 2 (1/6 + 1/2)^2) / 3 = (4/9 + 8/9) / 3 = 4/9
    // M(1) = (4 * 0.01 + 2 * 0.81) / 3 = 1.66 / 3; beyond 1.25 M = 2/3
    const r = recalibrate(
      inputOf([
        ...repeat(2, { type: 'binary', probs: [0.1, 0.9], outcome: 1 }),
        { type: 'binary', probs: [0.1, 0.9], outcome: 0 },
      ]),
    );
    expect(r.forecasts).toBe(3);
    expect(r.meanBrier).toBeCloseTo(1.66 / 3, 15);
    expect(r.k).toBeCloseTo(5 / 12, 15);
    expect(r.meanBrierAtK).toBeCloseTo(4 / 9, 15);
    expect(r.improvement).toBeCloseTo(1.66 / 3 - 4 / 9, 15);
  });

  it('underconfident binary: always 60%, always right -> pushes to k = 3', () => {
    // U = 0.5, X = 0.1, O = 1: M(k) = 2 (0.1k - 0.5)^2, decreasing up to its breakpoint 5 > 3 -> k = 3, M(3) = 2 * 0.04 = 0.08
    const r = recalibrate(inputOf(repeat(3, { type: 'binary', probs: [0.4, 0.6], outcome: 1 })));
    expect(r).toMatchObject({ forecasts: 3, k: 3 });
    expect(r.meanBrier).toBeCloseTo(0.32, 15);
    expect(r.meanBrierAtK).toBeCloseTo(0.08, 15);
    expect(r.improvement).toBeCloseTo(0.24, 15);
  });

  it('a flat minimum: k is the smallest candidate within 1e-12 of the least (the breakpoint where it starts)', () => {
    // always 80%, always right: M(k) = 2 (0.3k - 0.5)^2 falls to 0 at the breakpoint k = 0.5 / 0.3 = 5/3 and stays 0 up to 3
    const r = recalibrate(inputOf(repeat(2, { type: 'binary', probs: [0.2, 0.8], outcome: 1 })));
    expect(r.k).toBeCloseTo(5 / 3, 15);
    expect(r.meanBrierAtK).toBe(0);
    expect(r.meanBrier).toBeCloseTo(0.08, 15);
  });

  it('categorical: a vertex inside the first piece, k = 5/14', () => {
    // (0.8, 0.1, 0.1) twice, once option 0 happened, once option 1. U = 1/3, X = (7/15, -7/30, -7/30); every term clips at 10/7.
    // With x0 = 1/3 + (7/15)k, x1 = x2 = 1/3 - (7/30)k: 2 M = (x0 - 1)^2 + x0^2 + x1^2 + (x1 - 1)^2 + 2 x2^2
    // d/dk = 0 -> k = (a + c) / (3 (2a^2 + 4c^2)) with a = 7/15, c = 7/30: 0.7 / (3 * 588/900) = 5/14
    // there x0 = 1/2, x1 = x2 = 1/4: 2 M = 0.375 + 0.875 -> M(5/14) = 0.625; M(1) = (0.06 + 1.46) / 2 = 0.76
    const r = recalibrate(
      inputOf([
        { type: 'categorical', probs: [0.8, 0.1, 0.1], outcome: 0 },
        { type: 'categorical', probs: [0.8, 0.1, 0.1], outcome: 1 },
      ]),
    );
    expect(r.k).toBeCloseTo(5 / 14, 14);
    expect(r.meanBrierAtK).toBeCloseTo(0.625, 14);
    expect(r.meanBrier).toBeCloseTo(0.76, 14);
    expect(r.improvement).toBeCloseTo(0.135, 14);
  });

  it('ordinal: cumulative terms with w = 2/(K-1), both reach 0 -> k = 20/11', () => {
    // (0.1, 0.2, 0.7), option 2 happened: O = (0, 0); U = (1/3, 2/3), X = (0.1 - 1/3, 0.3 - 2/3) = (-7/30, -11/30); w = 1.
    // M(1) = 0.1^2 + 0.3^2 = 0.1 = brier('ordinal', ...). The terms reach 0 at (1/3)/(7/30) = 10/7 and (2/3)/(11/30) = 20/11,
    // and M = 0 from 20/11 on.
    const r = recalibrate(inputOf([{ type: 'ordinal', probs: [0.1, 0.2, 0.7], outcome: 2 }]));
    expect(r.meanBrier).toBeCloseTo(0.1, 15);
    expect(r.meanBrier).toBeCloseTo(brier('ordinal', [0.1, 0.2, 0.7], 2), 15);
    expect(r.k).toBeCloseTo(20 / 11, 15);
    expect(r.meanBrierAtK).toBe(0);
  });

  it('every forecast uniform: k, meanBrierAtK and improvement null; meanBrier still M(1)', () => {
    // ordinal K = 5: the cumulative sums 0.2 + 0.2 + 0.2 are not 0.6 in doubles, yet the forecast is uniform
    const finals: Final[] = [
      { type: 'binary', probs: [0.5, 0.5], outcome: 1 },
      { type: 'categorical', probs: [1 / 3, 1 / 3, 1 / 3], outcome: 0 },
      { type: 'ordinal', probs: [0.2, 0.2, 0.2, 0.2, 0.2], outcome: 4 },
    ];
    const r = recalibrate(inputOf(finals));
    const mean =
      (brier('binary', [0.5, 0.5], 1) +
        brier('categorical', [1 / 3, 1 / 3, 1 / 3], 0) +
        brier('ordinal', [0.2, 0.2, 0.2, 0.2, 0.2], 4)) /
      3;
    expect(r).toMatchObject({ forecasts: 3, k: null, meanBrierAtK: null, improvement: null });
    expect(r.meanBrier).toBeCloseTo(mean, 15);
    for (const f of finals) expect(recalibrationTerms(f.type, f.probs, f.outcome).every((t) => t.X === 0)).toBe(true);
  });

  it('the clip applies at every k: an ordinal vector summing to 1 + 5e-7 is clipped at k = 1 (M(1) differs from its Brier by 1e-6)', () => {
    // docs/scoring.md: "for k in [0, 1] nothing is clipped", true of vectors summing to 1. A stored vector may sum
    // to 1 +- 1e-6: (0.5000005, 0.5, 0) has F = (0.5000005, 1.0000005), and with option 2 (O = (0, 0)):
    // B(1) = clip(0.5000005)^2 + clip(1.0000005)^2 = 0.5000005^2 + 1, while its Brier is 0.5000005^2 + 1.0000005^2,
    // 1.00000025e-6 more. M follows the formula (the same clip at every k).
    const f: Final = { type: 'ordinal', probs: [0.5000005, 0.5, 0], outcome: 2 };
    const r = recalibrate(inputOf([f]));
    expect(r.meanBrier).toBeCloseTo(0.5000005 ** 2 + 1, 15);
    expect(brier(f.type, f.probs, f.outcome) - r.meanBrier!).toBeCloseTo(1.00000025e-6, 15);
  });

  it('a binary forecast is one term of weight 2, equal to docs/scoring.md two outcome terms of weight 1', () => {
    expect(recalibrationTerms('binary', [0.2, 0.8], 1)).toEqual([
      { U: 0.5, X: 0.30000000000000004, O: 1, w: 2, count: 1 },
    ]);
    expect(recalibrationTerms('categorical', [0.2, 0.8], 0)).toEqual([
      { U: 0.5, X: -0.3, O: 1, w: 1, count: 1 },
      { U: 0.5, X: 0.30000000000000004, O: 0, w: 1, count: 1 },
    ]);
    expect(recalibrationTerms('ordinal', [0.5, 0.25, 0.25], 1)).toEqual([
      { U: 1 / 3, X: 0.5 - 1 / 3, O: 0, w: 1, count: 1 },
      { U: 2 / 3, X: 0.5 - 1 / 3 + (0.25 - 1 / 3), O: 1, w: 1, count: 1 },
    ]);
  });

  it('refuses bad input', () => {
    expect(() => recalibrationTerms('binary', [0.5, 0.5], 2)).toThrow(RangeError);
    expect(() => recalibrationTerms('binary', [0.2, 0.3, 0.5], 1)).toThrow(RangeError);
    const t: RecalibrationTerm = { U: 0.5, X: 0.1, O: 1, w: 2, count: 1 };
    expect(() => recalibrate({ forecasts: 0, terms: [t] })).toThrow(RangeError);
    expect(() => recalibrate({ forecasts: 1.5, terms: [t] })).toThrow(RangeError);
    expect(() => recalibrate({ forecasts: 1, terms: [{ ...t, U: 1.5 }] })).toThrow(RangeError);
    expect(() => recalibrate({ forecasts: 1, terms: [{ ...t, X: NaN }] })).toThrow(RangeError);
    expect(() => recalibrate({ forecasts: 1, terms: [{ ...t, w: 0 }] })).toThrow(RangeError);
    expect(() => recalibrate({ forecasts: 1, terms: [{ ...t, count: -1 }] })).toThrow(RangeError);
  });

  it('RecalibrationTermSet folds identical terms and takes stored terms', () => {
    const set = new RecalibrationTermSet();
    set.add('binary', [0.1, 0.9], 1, 2);
    set.add('binary', [0.1, 0.9], 0);
    set.add('binary', [0.1, 0.9], 1);
    expect(set.forecasts).toBe(4);
    expect(set.terms()).toEqual([
      { U: 0.5, X: 0.4, O: 1, w: 2, count: 3 },
      { U: 0.5, X: 0.4, O: 0, w: 2, count: 1 },
    ]);
    const again = new RecalibrationTermSet();
    for (const t of set.terms()) again.addTerm(t);
    again.addForecasts(set.forecasts);
    expect(recalibrate(again.input())).toEqual(recalibrate(set.input()));
  });
});

/** Final forecasts of every type, with few distinct probabilities (integer weights) or arbitrary ones. */
const finalArb: fc.Arbitrary<Final> = typeArb.chain((type) =>
  optionCountArb(type).chain((K) =>
    fc.record({
      type: fc.constant(type),
      probs: fc.oneof(
        probsArb(type, K),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K }).map((w) => {
          const total = w.reduce((a, b) => a + b, 0);
          if (type === 'binary') return [1 - (w[1] as number), w[1] as number];
          return total > 0 ? w.map((x) => x / total) : w.map(() => 1 / K);
        }),
      ),
      outcome: fc.integer({ min: 0, max: K - 1 }),
    }),
  ),
);
const finalsArb = fc.array(finalArb, { minLength: 1, maxLength: 25 });

/**
 * An independent exact minimum: the breakpoints from the naive definition (where
 * any clipped value reaches 0 or 1), M fitted on each piece through 3 points,
 * its vertex when inside; k = the smallest candidate within 1e-12 of the least.
 */
function referenceMinimum(finals: readonly Final[]): { k: number; m: number } {
  const cuts = new Set<number>([0, 3]);
  for (const f of finals) {
    const K = f.probs.length;
    let F = 0;
    for (let m = 0; m < K; m++) {
      let U: number;
      let X: number;
      if (f.type === 'ordinal') {
        if (m === K - 1) break;
        F += f.probs[m]!;
        U = (m + 1) / K;
        X = F - U;
      } else {
        U = 1 / K;
        X = f.probs[m]! - U;
      }
      if (Math.abs(X) < 1e-15) continue;
      for (const edge of [0, 1]) {
        const b = (edge - U) / X;
        if (b > 0 && b < 3) cuts.add(b);
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const ks: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    ks.push(a);
    const b = sorted[i + 1];
    if (b === undefined) break;
    const h = (b - a) / 2;
    const [y0, y1, y2] = [naiveM(finals, a), naiveM(finals, a + h), naiveM(finals, b)];
    const curv = (y0 - 2 * y1 + y2) / (2 * h * h);
    if (curv > 1e-9) {
      const v = a + h - (y2 - y0) / (4 * h * curv);
      if (v > a && v < b) ks.push(v);
    }
  }
  const ms = ks.map((k) => naiveM(finals, k));
  const least = Math.min(...ms);
  const i = ms.findIndex((m) => m <= least + 1e-12);
  return { k: ks[i]!, m: ms[i]! };
}

describe('recalibrate: properties', () => {
  it('the reported k is never beaten by more than 1e-12 by any k on a fine grid in [0, 3]', () => {
    fc.assert(
      fc.property(finalsArb, (finals) => {
        const r = recalibrate(inputOf(finals));
        if (r.k === null) return;
        const atK = r.meanBrierAtK!;
        expect(Math.abs(atK - naiveM(finals, r.k))).toBeLessThan(1e-14);
        for (let i = 0; i <= 3000; i++) {
          const k = i / 1000;
          const m = naiveM(finals, k);
          if (m < atK - 1e-12) throw new Error(`M(${k}) = ${m} beats M(${r.k}) = ${atK}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with an independent exact minimum (breakpoints and fitted vertices of the naive M)', () => {
    fc.assert(
      fc.property(finalsArb, (finals) => {
        const r = recalibrate(inputOf(finals));
        if (r.k === null) return;
        const ref = referenceMinimum(finals);
        expect(Math.abs(r.meanBrierAtK! - ref.m)).toBeLessThan(1e-12);
        expect(Math.abs(r.k - ref.k)).toBeLessThan(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('M(1) is the mean final Brier; improvement is never negative', () => {
    fc.assert(
      fc.property(finalsArb, (finals) => {
        const r = recalibrate(inputOf(finals));
        const mean = finals.reduce((s, f) => s + brier(f.type, f.probs, f.outcome), 0) / finals.length;
        expect(Math.abs(r.meanBrier! - mean)).toBeLessThan(1e-12);
        expect(r.forecasts).toBe(finals.length);
        if (r.k !== null) {
          expect(r.improvement).toBeGreaterThanOrEqual(0);
          expect(r.improvement).toBeCloseTo(Math.max(0, r.meanBrier! - r.meanBrierAtK!), 15);
          expect(r.k).toBeGreaterThanOrEqual(0);
          expect(r.k).toBeLessThanOrEqual(3);
        } else {
          expect(r.improvement).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('raw forecasts, grouped terms, regrouped terms and duplicated sets give the same recalibration', () => {
    fc.assert(
      fc.property(finalsArb, (finals) => {
        const grouped = recalibrate(inputOf(finals));
        const raw = recalibrate(rawInputOf(finals));
        const regrouped = recalibrate({
          forecasts: finals.length,
          terms: groupRecalibrationTerms(rawInputOf(finals).terms),
        });
        const doubled = recalibrate(inputOf([...finals, ...finals]));
        for (const other of [raw, regrouped, doubled]) {
          expect(other.k === null).toBe(grouped.k === null);
          expect(Math.abs(other.meanBrier! - grouped.meanBrier!)).toBeLessThan(1e-12);
          if (grouped.k === null) continue;
          expect(Math.abs(other.meanBrierAtK! - grouped.meanBrierAtK!)).toBeLessThan(1e-12);
          expect(Math.abs(other.k! - grouped.k)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shrunkMeanBrier is M(k) of the definition', () => {
    fc.assert(
      fc.property(finalsArb, fc.double({ min: 0, max: 3, noNaN: true }), (finals, k) => {
        expect(Math.abs(shrunkMeanBrier(inputOf(finals), k)! - naiveM(finals, k))).toBeLessThan(1e-14);
      }),
    );
  });
});
