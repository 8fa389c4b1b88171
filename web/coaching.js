// @ts-check
/**
 * Coaching in words, from the numbers the API gives (docs/scoring.md,
 * "Coaching" and "Other team aggregates"): a sentence per calibration bin
 * whose verdict is not consistent, the recalibration sentence, and which
 * pooled team forecast has scored best. Each admits when the sample is too
 * small or the difference too slight to say anything confident.
 */
import { num, pct } from './format.js';

/** Fewer final forecasts than this: too few to suggest a shrink. */
export const MIN_RECALIBRATION_FORECASTS = 20;

/** A mean-Brier improvement below this (on the 0..2 scale) is negligible. */
export const NEGLIGIBLE_IMPROVEMENT = 0.005;

/** The aggregates' names in words, in the API's order. */
export const AGGREGATE_LABELS = /** @type {const} */ ({
  median: 'Median (the crowd)',
  mean: 'Mean',
  geometric: 'Geometric mean of odds',
  extremized: 'Extremized (d = 1.5)',
});

/** The aggregates' names inside a sentence. */
const AGGREGATE_WORDS = /** @type {const} */ ({
  median: 'crowd (median)',
  mean: 'plain mean',
  geometric: 'geometric mean of odds',
  extremized: 'extremized mean of odds (d = 1.5)',
});

/**
 * The subject of a sentence: "you" for the signed-in analyst, else the name.
 * @param {string} who 'You' or a display name
 */
function subject(who) {
  return who === 'You' ? 'you' : who;
}

/** A bin's range, "90–100%". @param {{ lo: number, hi: number }} b */
function range(b) {
  return `${pct(b.lo, 0).replace('%', '')}–${pct(b.hi, 0)}`;
}

/**
 * One sentence per non-empty bin whose verdict is `tooHigh` or `tooLow`, in bin order:
 * "At 90–100% you said 96.5% on average and it happened 80.6% of the time (95% interval 65–90%): too high."
 * @param {import('./types').CalibrationBin[]} bins
 * @param {string} who 'You' or a display name
 * @returns {string[]}
 */
export function verdictSentences(bins, who) {
  const out = [];
  for (const b of bins) {
    if (b.verdict !== 'tooHigh' && b.verdict !== 'tooLow') continue;
    if (b.meanForecast === null || b.observedFrequency === null || b.ci95 === null) continue;
    const interval = `${pct(b.ci95[0], 0).replace('%', '')}–${pct(b.ci95[1], 0)}`;
    out.push(
      `At ${range(b)} ${subject(who)} said ${pct(b.meanForecast)} on average and it happened ${pct(b.observedFrequency)} of the time (95% interval ${interval}): too ${b.verdict === 'tooHigh' ? 'high' : 'low'}.`,
    );
  }
  return out;
}

/**
 * The recalibration in words, with what kind of statement it is: `advice`
 * (a shrink worth making), `none` (nothing to change, or nothing confident to
 * say: the sentence says why).
 * @param {import('./types').Calibration['recalibration']} r
 * @param {string} who 'You' or a display name
 * @param {boolean} [roughly] true when some forecast had 3 or more options (a stretch of those is a what-if score)
 * @returns {{ kind: 'advice' | 'none', text: string }}
 */
export function recalibrationSentence(r, who, roughly = false) {
  const you = who === 'You';
  const their = you ? 'your' : 'their';
  const Subject = you ? 'You' : who;
  if (r.forecasts === 0 || r.meanBrier === null) {
    return { kind: 'none', text: `No resolved forecasts yet: nothing to say about how to shift ${their} forecasts.` };
  }
  if (r.k === null || r.meanBrierAtK === null || r.improvement === null) {
    return { kind: 'none', text: `Every forecast was even odds: there is nothing to shrink or stretch.` };
  }
  if (r.forecasts < MIN_RECALIBRATION_FORECASTS) {
    return {
      kind: 'none',
      text: `With only ${r.forecasts} resolved forecast${r.forecasts === 1 ? '' : 's'}, there is too little to say whether ${subject(who)} should move ${their} forecasts toward or away from even odds (we wait for ${MIN_RECALIBRATION_FORECASTS}).`,
    };
  }
  if (r.improvement < NEGLIGIBLE_IMPROVEMENT) {
    return {
      kind: 'none',
      text: `No shrink toward or away from even odds would have changed ${their} mean Brier (${num(r.meanBrier, 2)}) by more than ${NEGLIGIBLE_IMPROVEMENT}: nothing to change.`,
    };
  }
  const from = num(r.meanBrier, 2);
  const to = num(r.meanBrierAtK, 2);
  if (r.k < 1) {
    const share = pct(1 - r.k, 0);
    return {
      kind: 'advice',
      text: `${Subject} ${you ? 'were' : 'was'} overconfident: moving every forecast ${share} of the way toward even odds would have cut ${their} mean Brier from ${from} to ${to}.`,
    };
  }
  return {
    kind: 'advice',
    text: `${Subject} ${you ? 'were' : 'was'} underconfident: pushing every forecast ${pct(r.k - 1, 0)} further from even odds would have cut ${their} mean Brier from ${from} to ${roughly ? `roughly ${to}` : to}.`,
  };
}

/**
 * Which pooled forecast has scored best on the selection, in plain words that
 * admit noise: the one with the least mean time-weighted Brier, and whether
 * its difference from the median is beyond its 95% interval.
 * @param {import('./types').Aggregates} bt
 * @returns {string}
 */
export function backtestSentence(bt) {
  if (bt.questions === 0) return 'No resolved questions in this selection yet: nothing to compare.';
  if (bt.questions < 2) return 'With a single resolved question there is nothing to compare yet.';
  const rows = bt.aggregates.filter((a) => a.meanTimeWeightedBrier !== null);
  const best = rows.reduce((x, y) =>
    /** @type {number} */ (y.meanTimeWeightedBrier) < /** @type {number} */ (x.meanTimeWeightedBrier) ? y : x,
  );
  const n = `${bt.questions} resolved questions`;
  const others = rows.filter((a) => a.name !== 'median' && a.vsMedian && a.vsMedian.ci95);
  if (best.name === 'median') {
    const worse = others.filter((a) => (a.vsMedian?.ci95?.[0] ?? 0) > 0);
    return worse.length === others.length && others.length > 0
      ? `The crowd (median) has scored best on these ${n}, and every other pooling is worse by more than noise.`
      : `The crowd (median) has scored best on these ${n}, but not by more than noise against ${others
          .filter((a) => !worse.includes(a))
          .map((a) => `the ${AGGREGATE_WORDS[a.name]}`)
          .join(', ')}: keep the crowd.`;
  }
  const v = best.vsMedian;
  const label = AGGREGATE_WORDS[best.name];
  if (!v || !v.ci95) return `The ${label} has scored best on these ${n}.`;
  const by = `${num(-v.mean, 3)} lower on average (95% interval ${num(-v.ci95[1], 3)} to ${num(-v.ci95[0], 3)})`;
  return v.ci95[1] < 0
    ? `The ${label} has scored best on these ${n}: its time-weighted Brier is ${by} than the crowd's, more than noise would explain.`
    : `The ${label} has scored best on these ${n}, ${by} than the crowd's; the interval includes no difference, so this is within noise.`;
}
