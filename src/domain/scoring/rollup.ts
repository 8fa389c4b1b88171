/**
 * Aggregates from running sums. The leaderboard and calibration read per-analyst
 * rollups (sums kept up to date whenever a question's scores change) instead of
 * every score row; these functions turn such sums into docs/scoring.md's figures.
 */
import { Z95, type AnalystAggregate, type CrowdAggregate } from './aggregate.js';
import type { CalibrationEvent, EventGroup } from './calibration.js';

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
 * docs/scoring.md's analyst aggregate from sums: the same figures as
 * aggregateAnalyst over the rows the sums were made of (up to float rounding).
 */
export function analystAggregateFromSums(s: AnalystSums): AnalystAggregate {
  const n = s.questions;
  if (n <= 0) {
    return {
      questions: 0,
      meanBrier: null,
      meanTimeWeightedBrier: null,
      meanLogLoss: null,
      meanRelativeBrier: null,
      relativeQuestions: 0,
      timeWeightedBrierCi95: null,
    };
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
  return {
    questions: n,
    meanBrier: s.sumBrier / n,
    meanTimeWeightedBrier: s.sumTimeWeightedBrier / n,
    meanLogLoss: s.sumLogLoss / n,
  };
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
