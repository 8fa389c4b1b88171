/**
 * Aggregates from running sums. The leaderboard and calibration read per-analyst
 * rollups (sums kept up to date whenever a question's scores change) instead of
 * every score row; these functions turn such sums into SCORING.md's figures.
 */
import { Z95, type AnalystAggregate, type CrowdAggregate } from './aggregate.js';
import { binIndex, type Calibration, type CalibrationBin, type CalibrationEvent } from './calibration.js';
import { twoSidedNormalP, wilsonInterval } from './stats.js';

/** Sums over an analyst's question scores (one per question in the set). */
export interface AnalystSums {
  questions: number;
  sumBrier: number;
  sumTimeWeightedBrier: number;
  sumSqTimeWeightedBrier: number;
  sumLogLoss: number;
  relativeQuestions: number;
  sumRelativeBrier: number;
}

export interface CrowdSums {
  questions: number;
  sumBrier: number;
  sumTimeWeightedBrier: number;
  sumLogLoss: number;
}

/** Calibration events grouped by exact probability: n events at p, `hits` of which happened. */
export interface EventGroup {
  p: number;
  n: number;
  hits: number;
}

export const emptyAnalystSums = (): AnalystSums => ({
  questions: 0,
  sumBrier: 0,
  sumTimeWeightedBrier: 0,
  sumSqTimeWeightedBrier: 0,
  sumLogLoss: 0,
  relativeQuestions: 0,
  sumRelativeBrier: 0,
});

/** Adds one question's scores to sums, times `sign` (-1 removes a question's old scores). */
export function addToSums(
  s: AnalystSums,
  row: { finalBrier: number; timeWeightedBrier: number; relativeBrier: number | null; finalLogLoss: number },
  sign: 1 | -1 = 1,
): void {
  s.questions += sign;
  s.sumBrier += sign * row.finalBrier;
  s.sumTimeWeightedBrier += sign * row.timeWeightedBrier;
  s.sumSqTimeWeightedBrier += sign * row.timeWeightedBrier * row.timeWeightedBrier;
  s.sumLogLoss += sign * row.finalLogLoss;
  if (row.relativeBrier !== null) {
    s.relativeQuestions += sign;
    s.sumRelativeBrier += sign * row.relativeBrier;
  }
}

/**
 * SCORING.md's analyst aggregate from sums: the same figures as
 * aggregateAnalyst over the rows the sums were made of (up to float rounding).
 */
export function analystAggregateFromSums(s: AnalystSums): AnalystAggregate {
  const n = s.questions;
  if (n <= 0) {
    return { questions: 0, meanBrier: null, meanTimeWeightedBrier: null, meanLogLoss: null, meanRelativeBrier: null, relativeQuestions: 0, timeWeightedBrierCi95: null };
  }
  const meanTwb = s.sumTimeWeightedBrier / n;
  let ci: [number, number] | null = null;
  if (n >= 2) {
    // Clamp tiny negative variances left by cancellation in running sums.
    const variance = Math.max(0, (s.sumSqTimeWeightedBrier - n * meanTwb * meanTwb) / (n - 1));
    const half = (Z95 * Math.sqrt(variance)) / Math.sqrt(n);
    ci = [meanTwb - half, meanTwb + half];
  }
  return {
    questions: n,
    meanBrier: s.sumBrier / n,
    meanTimeWeightedBrier: meanTwb,
    meanLogLoss: s.sumLogLoss / n,
    meanRelativeBrier: s.relativeQuestions > 0 ? s.sumRelativeBrier / s.relativeQuestions : null,
    relativeQuestions: s.relativeQuestions,
    timeWeightedBrierCi95: ci,
  };
}

export function crowdAggregateFromSums(s: CrowdSums): CrowdAggregate {
  const n = s.questions;
  if (n <= 0) return { questions: 0, meanBrier: null, meanTimeWeightedBrier: null, meanLogLoss: null };
  return { questions: n, meanBrier: s.sumBrier / n, meanTimeWeightedBrier: s.sumTimeWeightedBrier / n, meanLogLoss: s.sumLogLoss / n };
}

/** Groups events by exact p. */
export function groupEvents(events: readonly CalibrationEvent[]): EventGroup[] {
  const m = new Map<number, EventGroup>();
  for (const e of events) {
    const g = m.get(e.p);
    if (g) {
      g.n += 1;
      g.hits += e.o;
    } else m.set(e.p, { p: e.p, n: 1, hits: e.o });
  }
  return [...m.values()];
}

/**
 * SCORING.md's calibration over grouped events: identical figures to
 * `calibrate` over the expanded events, in O(groups + bins).
 */
export function calibrateGroups(groups: readonly EventGroup[], bins = 10): Calibration {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
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
    // sum over the group of (p - o)^2 = k p^2 - 2 p hits + hits, since o^2 = o.
    sq += k * p * p - 2 * p * hits + hits;
    totalO += hits;
    const w = 1 - 2 * p;
    zNum += w * (hits - k * p);
    zDen += k * w * w * p * (1 - p);
  }
  const obar = N > 0 ? totalO / N : 0;
  const binsOut: CalibrationBin[] = [];
  let rel = 0;
  let res = 0;
  for (let b = 0; b < bins; b++) {
    const nb = n[b] as number;
    const lo = b / bins;
    const hi = (b + 1) / bins;
    if (nb === 0) {
      binsOut.push({ lo, hi, n: 0, meanForecast: null, observedFrequency: null, ci95: null });
      continue;
    }
    const mf = (sumP[b] as number) / nb;
    const of = (sumO[b] as number) / nb;
    rel += nb * (mf - of) * (mf - of);
    res += nb * (of - obar) * (of - obar);
    binsOut.push({ lo, hi, n: nb, meanForecast: mf, observedFrequency: of, ci95: wilsonInterval(sumO[b] as number, nb) });
  }
  if (N === 0) {
    return { events: 0, bins: binsOut, brier: null, reliability: null, resolution: null, uncertainty: null, spiegelhalter: { z: null, p: null } };
  }
  const z = zDen > 0 ? zNum / Math.sqrt(zDen) : null;
  return {
    events: N,
    bins: binsOut,
    brier: Math.max(0, sq / N),
    reliability: rel / N,
    resolution: res / N,
    uncertainty: obar * (1 - obar),
    spiegelhalter: { z, p: z === null ? null : twoSidedNormalP(z) },
  };
}
