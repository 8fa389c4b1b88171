import { compareCodePoints } from '../compare.js';
import { mean, sampleStandardDeviation } from './stats.js';

/** One analyst's scores on one question, as the aggregates need them. */
export interface AnalystScoreRow {
  finalBrier: number;
  timeWeightedBrier: number;
  relativeBrier: number | null;
  finalLogLoss: number;
}

export interface AnalystAggregate {
  questions: number;
  meanBrier: number | null;
  meanTimeWeightedBrier: number | null;
  meanLogLoss: number | null;
  /** mean over the questions where relativeBrier is not null */
  meanRelativeBrier: number | null;
  relativeQuestions: number;
  /** mean TWB +- 1.96 sd / sqrt(n), sd with n - 1; null when n < 2 */
  timeWeightedBrierCi95: [number, number] | null;
}

/** The crowd's scores on one question. */
export interface CrowdScoreRow {
  timeWeightedBrier: number;
  finalBrier: number;
  finalLogLoss: number;
}

export interface CrowdAggregate {
  questions: number;
  meanBrier: number | null;
  meanTimeWeightedBrier: number | null;
  meanLogLoss: number | null;
}

/** The fields the leaderboard is sorted by. */
export interface LeaderboardSortKey {
  handle: string;
  meanRelativeBrier: number | null;
  meanTimeWeightedBrier: number | null;
}

/** z for a two-sided 95% normal interval, as docs/scoring.md fixes it. */
export const Z95 = 1.96;

/**
 * An analyst over a set of questions (docs/scoring.md "An analyst over a set of
 * questions"): one row per question the analyst participated in, already
 * filtered. Means are null rather than 0 when there is nothing to average,
 * so "no data" never reads as "perfect".
 */
export function aggregateAnalyst(rows: readonly AnalystScoreRow[]): AnalystAggregate {
  const twbs = rows.map((r) => r.timeWeightedBrier);
  const relatives: number[] = [];
  for (const r of rows) if (r.relativeBrier !== null) relatives.push(r.relativeBrier);
  const meanTwb = mean(twbs);
  const sd = sampleStandardDeviation(twbs);
  const ci: [number, number] | null =
    meanTwb === null || sd === null
      ? null
      : [meanTwb - (Z95 * sd) / Math.sqrt(twbs.length), meanTwb + (Z95 * sd) / Math.sqrt(twbs.length)];
  return {
    questions: rows.length,
    meanBrier: mean(rows.map((r) => r.finalBrier)),
    meanTimeWeightedBrier: meanTwb,
    meanLogLoss: mean(rows.map((r) => r.finalLogLoss)),
    meanRelativeBrier: mean(relatives),
    relativeQuestions: relatives.length,
    timeWeightedBrierCi95: ci,
  };
}

/**
 * The leaderboard's crowd row: one row per question at least one listed
 * analyst participated in. With no such question: `questions: 0` and nulls.
 */
export function aggregateCrowd(rows: readonly CrowdScoreRow[]): CrowdAggregate {
  return {
    questions: rows.length,
    meanBrier: mean(rows.map((r) => r.finalBrier)),
    meanTimeWeightedBrier: mean(rows.map((r) => r.timeWeightedBrier)),
    meanLogLoss: mean(rows.map((r) => r.finalLogLoss)),
  };
}

function ascendingNullsLast(x: number | null, y: number | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Leaderboard order, best first: ascending meanRelativeBrier (nulls last),
 * then meanTimeWeightedBrier (nulls last), then handle by code point. Code
 * point order, not localeCompare, so the order is the same on every machine.
 *
 * @example
 * rows.sort(compareLeaderboardRows)
 */
export function compareLeaderboardRows(a: LeaderboardSortKey, b: LeaderboardSortKey): number {
  return (
    ascendingNullsLast(a.meanRelativeBrier, b.meanRelativeBrier) ||
    ascendingNullsLast(a.meanTimeWeightedBrier, b.meanTimeWeightedBrier) ||
    compareCodePoints(a.handle, b.handle)
  );
}
