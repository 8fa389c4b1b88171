import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import {
  assertProbabilityVector,
  binaryProbs,
  checkProbability,
  checkProbabilityVector,
} from '../../src/domain/scoring/index.js';

describe('checkProbabilityVector', () => {
  it.each([
    { type: 'binary', k: 2, probs: [0.3, 0.7] },
    { type: 'binary', k: 2, probs: [1, 0] },
    { type: 'categorical', k: 3, probs: [0.2, 0.3, 0.5] },
    { type: 'categorical', k: 3, probs: [0.1, 0.2, 0.7] },
    { type: 'ordinal', k: 4, probs: [0.25, 0.25, 0.25, 0.25] },
    { type: 'categorical', k: 3, probs: [0.333333, 0.333333, 0.333334] },
    { type: 'categorical', k: 3, probs: [0.333333, 0.333333, 0.333333], why: 'exactly 1e-6 off is within' },
    { type: 'categorical', k: 2, probs: [0.5, 0.5000005] },
  ] as const)('accepts $probs ($type, K=$k)', ({ type, k, probs }) => {
    expect(checkProbabilityVector(type, k, probs)).toEqual([]);
  });

  it.each([
    {
      type: 'categorical',
      k: 3,
      probs: [0.2, 0.3, 0.4],
      want: [{ index: null, message: 'must sum to 1 (sums to 0.9)' }],
    },
    {
      type: 'categorical',
      k: 2,
      probs: [0.5, 0.500002],
      want: [{ index: null, message: 'must sum to 1 (sums to 1.000002)' }],
    },
    {
      type: 'categorical',
      k: 3,
      probs: [0.2, 1.3, -0.5],
      want: [
        { index: 1, message: 'must be at most 1' },
        { index: 2, message: 'must be at least 0' },
      ],
    },
    { type: 'categorical', k: 3, probs: [0.5, 0.5], want: [{ index: null, message: 'must have 3 numbers' }] },
    { type: 'binary', k: 2, probs: [1], want: [{ index: null, message: 'must have 2 numbers' }] },
    { type: 'ordinal', k: 3, probs: [NaN, 0.5, 0.5], want: [{ index: 0, message: 'must be a finite number' }] },
    { type: 'ordinal', k: 3, probs: [Infinity, 0, 0], want: [{ index: 0, message: 'must be a finite number' }] },
  ] as const)('rejects $probs', ({ type, k, probs, want }) => {
    expect(checkProbabilityVector(type, k, probs)).toEqual(want);
  });

  it('never changes the vector it checks', () => {
    const probs = [0.2, 0.3, 0.4];
    checkProbabilityVector('categorical', 3, probs);
    expect(probs).toEqual([0.2, 0.3, 0.4]);
  });
});

describe('checkProbability and binaryProbs', () => {
  it.each([
    { p: 0, want: [] },
    { p: 1, want: [] },
    { p: 0.7, want: [] },
    { p: 1.01, want: [{ index: null, message: 'must be at most 1' }] },
    { p: -0.01, want: [{ index: null, message: 'must be at least 0' }] },
    { p: NaN, want: [{ index: null, message: 'must be a finite number' }] },
  ])('$p', ({ p, want }) => {
    expect(checkProbability(p)).toEqual(want);
  });

  it('stores P(yes) = p as [1 - p, p] without touching p', () => {
    expect(binaryProbs(0.7)).toEqual([1 - 0.7, 0.7]);
    expect(binaryProbs(0.7)[1]).toBe(0.7);
  });
});

describe('assertProbabilityVector', () => {
  it('throws invalid_input with one issue per problem, with paths', () => {
    let caught: unknown;
    try {
      assertProbabilityVector('categorical', 3, [0.5, 1.5, -1], 'probabilities');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const err = caught as DomainError;
    expect(err.code).toBe('invalid_input');
    expect(err.issues).toEqual([
      { path: 'probabilities.1', message: 'must be at most 1' },
      { path: 'probabilities.2', message: 'must be at least 0' },
    ]);
  });

  it('passes a valid vector', () => {
    expect(() => assertProbabilityVector('ordinal', 3, [0.2, 0.3, 0.5])).not.toThrow();
  });
});
