import { DomainError } from '../errors.js';
import type { QuestionType } from './types.js';

/** One problem with a submitted forecast; `index` null means the vector as a whole. */
export interface ProbabilityProblem {
  index: number | null;
  message: string;
}

/** How far from 1 a vector's sum may be (docs/scoring.md). */
export const SUM_TOLERANCE = 1e-6;
// Decimal inputs such as 0.333333 * 3 are exactly 1e-6 off but sum to 1 - 1.00000000003e-6 in
// binary floating point; this slack keeps "within 1e-6" inclusive for them.
const SUM_SLACK = 1e-12;

function formatSum(s: number): string {
  return String(Number(s.toPrecision(12)));
}

function numberProblem(v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a finite number';
  if (v < 0) return 'must be at least 0';
  if (v > 1) return 'must be at most 1';
  return null;
}

/**
 * Problems with one probability (a binary forecast's P(yes)); empty when valid.
 */
export function checkProbability(p: number): ProbabilityProblem[] {
  const problem = numberProblem(p);
  return problem === null ? [] : [{ index: null, message: problem }];
}

/**
 * Every problem with a submitted probability vector, each pointing at the
 * number at fault (or null for the whole vector), so the API can answer 400
 * with all of them at once. Empty when the vector is acceptable. Never clamps
 * or renormalises: a forecast is stored exactly as given (dividing by a float
 * sum could move 0.7 across a calibration bin edge).
 *
 * Checks: each number finite and in [0, 1]; exactly K numbers (binary: 2, the
 * vector [1 - p, p]); the sum within 1e-6 of 1 (only checked when the numbers
 * themselves are fine, so one typo does not produce two messages).
 *
 * @example
 * checkProbabilityVector('categorical', 3, [0.2, 0.3, 0.4])
 * // [{ index: null, message: 'must sum to 1 (sums to 0.9)' }]
 */
export function checkProbabilityVector(
  type: QuestionType,
  optionCount: number,
  probs: readonly number[],
): ProbabilityProblem[] {
  const expected = type === 'binary' ? 2 : optionCount;
  const problems: ProbabilityProblem[] = [];
  let allNumbersFine = true;
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const v = probs[i];
    const problem = numberProblem(v);
    if (problem !== null) {
      allNumbersFine = false;
      problems.push({ index: i, message: problem });
    } else {
      total += v as number;
    }
  }
  if (probs.length !== expected) {
    problems.push({ index: null, message: `must have ${expected} numbers` });
  } else if (allNumbersFine && !(Math.abs(total - 1) <= SUM_TOLERANCE + SUM_SLACK)) {
    problems.push({ index: null, message: `must sum to 1 (sums to ${formatSum(total)})` });
  }
  return problems;
}

/** The stored vector of a binary forecast of P(yes) = p: `[1 - p, p]`. */
export function binaryProbs(p: number): [number, number] {
  return [1 - p, p];
}

/**
 * Throws DomainError('invalid_input') listing every problem of the vector,
 * with paths like `probabilities.2` (or `probabilities` for the whole vector).
 */
export function assertProbabilityVector(
  type: QuestionType,
  optionCount: number,
  probs: readonly number[],
  path = 'probabilities',
): void {
  const problems = checkProbabilityVector(type, optionCount, probs);
  if (problems.length === 0) return;
  throw new DomainError(
    'invalid_input',
    'invalid probabilities',
    problems.map((p) => ({ path: p.index === null ? path : `${path}.${p.index}`, message: p.message })),
  );
}
