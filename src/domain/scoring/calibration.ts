import { twoSidedNormalP, wilsonInterval } from './stats.js';
import type { QuestionType } from './types.js';

/** One calibration event: a stated probability p and whether it happened (o = 1) or not (o = 0). */
export interface CalibrationEvent {
  p: number;
  o: number;
}

/** docs/scoring.md "Verdict of a calibration bin", in the order the API documents them. */
export const CALIBRATION_VERDICTS = ['tooHigh', 'tooLow', 'consistent'] as const;
export type CalibrationVerdict = (typeof CALIBRATION_VERDICTS)[number];

/**
 * Verdict of a bin with n >= 1: `tooHigh` when its mean forecast lies above
 * the Wilson interval of its observed frequency, `tooLow` when below,
 * otherwise `consistent`; null for an empty bin (no interval). A mean forecast
 * on an end of the interval is consistent (the comparisons are strict).
 *
 * @example
 * binVerdict(0.85, [0.49, 0.94]) // 'consistent'
 * binVerdict(0.95, [0.49, 0.94]) // 'tooHigh'
 */
export function binVerdict(
  meanForecast: number | null,
  ci95: readonly [number, number] | null,
): CalibrationVerdict | null {
  if (meanForecast === null || ci95 === null) return null;
  if (meanForecast > ci95[1]) return 'tooHigh';
  if (meanForecast < ci95[0]) return 'tooLow';
  return 'consistent';
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  /** mean p of the bin's events; null when n = 0 */
  meanForecast: number | null;
  /** mean o of the bin's events; null when n = 0 */
  observedFrequency: number | null;
  /** Wilson score interval (z = 1.96) for observedFrequency; null when n = 0 */
  ci95: [number, number] | null;
  /** meanForecast above ci95 (tooHigh), below it (tooLow), or inside (consistent); null when n = 0 */
  verdict: CalibrationVerdict | null;
}

export interface Calibration {
  /** N, the number of events */
  events: number;
  bins: CalibrationBin[];
  /** mean (p - o)^2 per event (0..1); null when N = 0 */
  brier: number | null;
  reliability: number | null;
  resolution: number | null;
  uncertainty: number | null;
  spiegelhalter: { z: number | null; p: number | null };
}

/**
 * Calibration events of one final forecast: one `(f_k, o_k)` per outcome;
 * a binary question gives the single event `(P(yes), yes happened)` so a
 * binary forecast is not counted twice (once as p, once as 1 - p).
 */
export function calibrationEvents(
  type: QuestionType,
  finalProbs: readonly number[],
  outcome: number,
): CalibrationEvent[] {
  const out: CalibrationEvent[] = [];
  eachCalibrationEvent(type, finalProbs, outcome, (p, o) => out.push({ p, o }));
  return out;
}

/**
 * calibrationEvents without the arrays: calls `emit(p, o)` per event, in the
 * same order, for callers that fold hundreds of thousands of forecasts.
 */
export function eachCalibrationEvent(
  type: QuestionType,
  finalProbs: readonly number[],
  outcome: number,
  emit: (p: number, o: number) => void,
): void {
  if (!Number.isInteger(outcome) || outcome < 0 || outcome >= finalProbs.length) {
    throw new RangeError(`outcome ${outcome} is not an option index of a ${finalProbs.length}-option forecast`);
  }
  if (type === 'binary') {
    emit(finalProbs[1] as number, outcome === 1 ? 1 : 0);
    return;
  }
  for (let k = 0; k < finalProbs.length; k++) emit(finalProbs[k] as number, k === outcome ? 1 : 0);
}

/**
 * The bin of probability p among `bins` equal-width bins:
 * `min(floor(p * bins + 1e-9), bins - 1)`. This is the only place a bin is
 * computed; never compare p against float bin edges (edges built as sums such
 * as 0.1 + 0.05 miss 0.15 and 0.35). The 1e-9 absorbs products rounded just
 * below an integer (0.29 * 100 is 28.999999999999996, 0.57 * 100 is
 * 56.99999999999999), and p = 1 goes to the last bin.
 *
 * @example
 * binIndex(0.7, 10) // 7
 * binIndex(1, 10) // 9
 * binIndex(0.35, 20) // 7
 */
export function binIndex(p: number, bins: number): number {
  return Math.min(Math.floor(p * bins + 1e-9), bins - 1);
}

function assertBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
}

/** Calibration events grouped by exact probability: n events at p, `hits` of which happened. */
export interface EventGroup {
  p: number;
  n: number;
  hits: number;
}

/**
 * Calibration of a set of events (docs/scoring.md "Calibration"): per-bin counts,
 * mean forecast, observed frequency with a Wilson 95% interval and the bin's
 * verdict (docs/scoring.md "Coaching"), the per-event
 * Brier, Murphy's reliability / resolution / uncertainty over the same bins,
 * and Spiegelhalter's z test (a small p says miscalibrated, not unlucky).
 * One pass over the events, O(N + bins).
 */
export function calibrate(events: readonly CalibrationEvent[], bins = 10): Calibration {
  assertBins(bins);
  const groups: EventGroup[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const { p, o } = events[i] as CalibrationEvent;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`event ${i}: p = ${p} is not a probability`);
    if (o !== 0 && o !== 1) throw new RangeError(`event ${i}: o = ${o} must be 0 or 1`);
    groups[i] = { p, n: 1, hits: o };
  }
  return calibrateGroups(groups, bins);
}

/**
 * The same calibration over events grouped by probability (the stored
 * rollups keep them so): O(groups + bins), and for groups of one event the
 * very same arithmetic as event by event.
 */
export function calibrateGroups(groups: readonly EventGroup[], bins = 10): Calibration {
  assertBins(bins);
  const n = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumO = new Float64Array(bins);
  let N = 0;
  let sq = 0;
  let totalO = 0;
  let zNum = 0;
  let zDen = 0;
  for (const { p, n: k, hits } of groups) {
    if (k === 0) continue;
    const b = binIndex(p, bins);
    n[b] = (n[b] as number) + k;
    sumP[b] = (sumP[b] as number) + k * p;
    sumO[b] = (sumO[b] as number) + hits;
    N += k;
    // (p - o)^2 summed over the group: the misses contribute p^2, the hits (1 - p)^2.
    const miss = k - hits;
    sq += miss * p * p + hits * (1 - p) * (1 - p);
    totalO += hits;
    const w = 1 - 2 * p;
    zNum += (hits - k * p) * w;
    zDen += k * w * w * p * (1 - p);
  }

  const binsOut: CalibrationBin[] = [];
  const obar = N > 0 ? totalO / N : 0;
  let rel = 0;
  let res = 0;
  for (let b = 0; b < bins; b++) {
    const nb = n[b] as number;
    const lo = b / bins;
    const hi = (b + 1) / bins;
    if (nb === 0) {
      binsOut.push({ lo, hi, n: 0, meanForecast: null, observedFrequency: null, ci95: null, verdict: null });
      continue;
    }
    const mf = (sumP[b] as number) / nb;
    const of = (sumO[b] as number) / nb;
    rel += nb * (mf - of) * (mf - of);
    res += nb * (of - obar) * (of - obar);
    const ci95 = wilsonInterval(sumO[b] as number, nb);
    binsOut.push({ lo, hi, n: nb, meanForecast: mf, observedFrequency: of, ci95, verdict: binVerdict(mf, ci95) });
  }

  if (N === 0) {
    return {
      events: 0,
      bins: binsOut,
      brier: null,
      reliability: null,
      resolution: null,
      uncertainty: null,
      spiegelhalter: { z: null, p: null },
    };
  }
  const z = zDen > 0 ? zNum / Math.sqrt(zDen) : null;
  return {
    events: N,
    bins: binsOut,
    brier: sq / N,
    reliability: rel / N,
    resolution: res / N,
    uncertainty: obar * (1 - obar),
    spiegelhalter: { z, p: z === null ? null : twoSidedNormalP(z) },
  };
}
