import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brier, logLoss, LOG_LOSS_FLOOR } from '../../src/domain/scoring/index.js';
import { optionCountArb, probsArb, typeArb } from './arbitraries.js';

describe('brier', () => {
  it.each([
    // binary: 2 (p - o)^2
    { type: 'binary', probs: [0.5, 0.5], outcome: 1, want: 0.5, why: 'always-50% scores 0.5' },
    { type: 'binary', probs: [0.1, 0.9], outcome: 1, want: 0.02, why: '2 (0.9 - 1)^2' },
    { type: 'binary', probs: [0.1, 0.9], outcome: 0, want: 1.62, why: '2 (0.9 - 0)^2' },
    { type: 'binary', probs: [0, 1], outcome: 1, want: 0, why: 'certain and right' },
    { type: 'binary', probs: [0, 1], outcome: 0, want: 2, why: 'certain and wrong' },
    // categorical: sum (f_k - o_k)^2
    { type: 'categorical', probs: [0.5, 0.3, 0.2], outcome: 2, want: 0.98, why: '0.25 + 0.09 + 0.64' },
    { type: 'categorical', probs: [0.2, 0.3, 0.5], outcome: 0, want: 0.98, why: '0.64 + 0.09 + 0.25' },
    { type: 'categorical', probs: [0, 0, 0, 1], outcome: 0, want: 2, why: 'all on one wrong option' },
    { type: 'categorical', probs: [1, 0, 0, 0], outcome: 3, want: 2, why: 'unordered: every certain miss costs 2' },
    // ordinal ranked: 2/(K-1) sum (F_k - O_k)^2
    {
      type: 'ordinal',
      probs: [0.25, 0.25, 0.25, 0.25],
      outcome: 3,
      want: (2 / 3) * (0.0625 + 0.25 + 0.5625),
      why: 'F = .25,.5,.75; O = 0,0,0',
    },
    { type: 'ordinal', probs: [0, 0, 0, 1], outcome: 0, want: 2, why: 'far miss: F = 0,0,0; O = 1,1,1 -> 2/3 * 3' },
    {
      type: 'ordinal',
      probs: [0, 1, 0, 0],
      outcome: 0,
      want: 2 / 3,
      why: 'near miss: F = 0,1,1; O = 1,1,1 -> 2/3 * 1',
    },
    { type: 'ordinal', probs: [0.1, 0.6, 0.2, 0.1], outcome: 1, want: (2 / 3) * 0.11, why: 'F = .1,.7,.9; O = 0,1,1' },
    { type: 'ordinal', probs: [0.3, 0.7], outcome: 1, want: 2 * 0.3 * 0.3, why: 'K = 2 reduces to the binary Brier' },
  ] as const)('$type $probs outcome $outcome: $why', ({ type, probs, outcome, want }) => {
    expect(brier(type, probs, outcome)).toBeCloseTo(want, 14);
  });

  it('the far ordinal miss is worse than the near one', () => {
    // [0,0,0,1] with outcome 0: F = (0,0,0), O = (1,1,1): 2/3 * 3 = 2
    expect(brier('ordinal', [0, 0, 0, 1], 0)).toBeCloseTo(2, 14);
    expect(brier('ordinal', [0, 1, 0, 0], 0)).toBeLessThan(brier('ordinal', [0, 0, 0, 1], 0));
  });

  it('rejects an outcome that is not an option index', () => {
    expect(() => brier('binary', [0.5, 0.5], 2)).toThrow(RangeError);
    expect(() => brier('categorical', [0.5, 0.5], -1)).toThrow(RangeError);
    expect(() => brier('ordinal', [0.2, 0.3, 0.5], 1.5)).toThrow(RangeError);
  });

  it('is in [0, 2] for every type', () => {
    fc.assert(
      fc.property(
        typeArb.chain((type) =>
          optionCountArb(type).chain((K) =>
            fc.tuple(fc.constant(type), probsArb(type, K), fc.integer({ min: 0, max: K - 1 })),
          ),
        ),
        ([type, probs, outcome]) => {
          const b = brier(type, probs, outcome);
          expect(b).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(2);
        },
      ),
    );
  });

  it('scores 0 for a perfect forecast, and log loss 0', () => {
    fc.assert(
      fc.property(
        typeArb.chain((type) =>
          optionCountArb(type).chain((K) =>
            fc.tuple(fc.constant(type), fc.constant(K), fc.integer({ min: 0, max: K - 1 })),
          ),
        ),
        ([type, K, outcome]) => {
          const probs = Array.from({ length: K }, (_, k) => (k === outcome ? 1 : 0));
          expect(brier(type, probs, outcome)).toBe(0);
          expect(logLoss(probs, outcome)).toBe(0);
        },
      ),
    );
  });

  it('the ordinal ranked form equals the categorical form when K = 2', () => {
    fc.assert(
      fc.property(probsArb('binary', 2), fc.integer({ min: 0, max: 1 }), (probs, o) => {
        expect(brier('ordinal', probs, o)).toBeCloseTo(brier('categorical', probs, o), 14);
        expect(brier('binary', probs, o)).toBeCloseTo(brier('categorical', probs, o), 14);
      }),
    );
  });
});

describe('logLoss', () => {
  it.each([
    { probs: [0.1, 0.9], outcome: 1, want: -Math.log(0.9) },
    { probs: [0.1, 0.9], outcome: 0, want: -Math.log(0.1) },
    { probs: [1, 0], outcome: 1, want: -Math.log(0.001), why: '0% on what happened counts as 0.1%' },
    { probs: [0.9995, 0.0005], outcome: 1, want: -Math.log(0.001), why: 'below the floor' },
    { probs: [0.999, 0.001], outcome: 1, want: -Math.log(0.001), why: 'at the floor' },
    { probs: [0.2, 0.3, 0.5], outcome: 2, want: Math.log(2) },
  ])('$probs outcome $outcome', ({ probs, outcome, want }) => {
    expect(logLoss(probs, outcome)).toBeCloseTo(want, 14);
  });

  it('the floor is 0.001 (-ln 0.001 = 6.907755278982137)', () => {
    expect(LOG_LOSS_FLOOR).toBe(0.001);
    expect(logLoss([1, 0, 0], 2)).toBeCloseTo(6.907755278982137, 14);
  });
});
