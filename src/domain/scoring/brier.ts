import type { QuestionType } from './types.js';

/** A 0% on what happened counts as 0.1% in the log loss (docs/scoring.md), so one blunder is costly but finite. */
export const LOG_LOSS_FLOOR = 0.001;

function assertOutcome(outcome: number, optionCount: number): void {
  if (!Number.isInteger(outcome) || outcome < 0 || outcome >= optionCount) {
    throw new RangeError(`outcome ${outcome} is not an option index of a ${optionCount}-option forecast`);
  }
}

/**
 * Brier score of one forecast vector when option `outcome` happened, in the
 * original 1950 form (0 best, 2 worst; always-50% on a binary scores 0.5).
 *
 * - binary: `2 (p - o)^2` with `p = probs[1]` (P(yes)), computed from p alone so
 *   the score is exactly what the analyst typed, not 1 - (1 - p).
 * - categorical: `sum_k (f_k - o_k)^2`.
 * - ordinal: the ranked form `2/(K-1) sum_{k<K} (F_k - O_k)^2` over cumulative
 *   sums, so a near miss on an ordered scale costs less than a far one.
 *
 * @example
 * brier('binary', [0.1, 0.9], 1) // 0.02
 * brier('ordinal', [0.25, 0.25, 0.25, 0.25], 3) // 2/3 * (0.0625 + 0.25 + 0.5625)
 */
export function brier(type: QuestionType, probs: readonly number[], outcome: number): number {
  const k = probs.length;
  assertOutcome(outcome, k);
  if (type === 'binary') {
    if (k !== 2) throw new RangeError(`a binary forecast has 2 numbers, got ${k}`);
    const d = (probs[1] as number) - (outcome === 1 ? 1 : 0);
    return 2 * d * d;
  }
  if (type === 'ordinal') {
    let cumulative = 0;
    let s = 0;
    for (let i = 0; i < k - 1; i++) {
      cumulative += probs[i] as number;
      const d = cumulative - (i >= outcome ? 1 : 0);
      s += d * d;
    }
    return (2 * s) / (k - 1);
  }
  let s = 0;
  for (let i = 0; i < k; i++) {
    const d = (probs[i] as number) - (i === outcome ? 1 : 0);
    s += d * d;
  }
  return s;
}

/**
 * Log loss `-ln(max(f_j, 0.001))` of a forecast when option `outcome`
 * happened; lower is better. The floor keeps a confident miss finite
 * (-ln 0.001 ~ 6.9078) so one question cannot dominate a mean.
 */
export function logLoss(probs: readonly number[], outcome: number): number {
  assertOutcome(outcome, probs.length);
  // 0 - x rather than -x: a certain, correct forecast scores +0, not -0
  return 0 - Math.log(Math.max(probs[outcome] as number, LOG_LOSS_FLOOR));
}
