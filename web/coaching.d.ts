// Generated from web/coaching.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/coaching.d.ts web/
/**
 * One sentence per non-empty bin whose verdict is `tooHigh` or `tooLow`, in bin order:
 * "At 90–100% you said 96.5% on average and it happened 80.6% of the time (95% interval 65–90%): too high."
 * @param {import('./types').CalibrationBin[]} bins
 * @param {string} who 'You' or a display name
 * @returns {string[]}
 */
export function verdictSentences(bins: import('./types').CalibrationBin[], who: string): string[];
/**
 * The recalibration in words, with what kind of statement it is: `advice`
 * (a shrink worth making), `none` (nothing to change, or nothing confident to
 * say: the sentence says why).
 * @param {import('./types').Calibration['recalibration']} r
 * @param {string} who 'You' or a display name
 * @param {boolean} [roughly] true when some forecast had 3 or more options (a stretch of those is a what-if score)
 * @returns {{ kind: 'advice' | 'none', text: string }}
 */
export function recalibrationSentence(
  r: import('./types').Calibration['recalibration'],
  who: string,
  roughly?: boolean,
): {
  kind: 'advice' | 'none';
  text: string;
};
/**
 * Which pooled forecast has scored best on the selection, in plain words that
 * admit noise: the one with the least mean time-weighted Brier, and whether
 * its difference from the median is beyond its 95% interval.
 * @param {import('./types').Aggregates} bt
 * @returns {string}
 */
export function backtestSentence(bt: import('./types').Aggregates): string;
/** Fewer final forecasts than this: too few to suggest a shrink. */
export const MIN_RECALIBRATION_FORECASTS: 20;
/** A mean-Brier improvement below this (on the 0..2 scale) is negligible. */
export const NEGLIGIBLE_IMPROVEMENT: 0.005;
export namespace AGGREGATE_LABELS {
  let median: 'Median (the crowd)';
  let mean: 'Mean';
  let geometric: 'Geometric mean of odds';
  let extremized: 'Extremized (d = 1.5)';
}
