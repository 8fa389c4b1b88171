/**
 * The backtest of the team aggregates over a set of questions (docs/scoring.md
 * "Other team aggregates, scored beside the crowd", "Backtest over a set of
 * questions"): for each aggregate its mean scores, the interval of its mean
 * TWB, and how its TWB compares with the median's question by question.
 *
 * Two ways in, with the same answer: from the per-question rows (`backtest`),
 * or from running sums kept up to date as questions are scored and rescored
 * (`emptyBacktestSums`, `addToBacktestSums`, `backtestFromSums`), the way the
 * leaderboard reads per-analyst rollups instead of every score row.
 */
import { Z95 } from './aggregate.js';
import { AGGREGATE_NAMES, type AggregateName } from './pool.js';
import { mean, sampleStandardDeviation } from './stats.js';

/** One aggregate's scores on one question (QuestionScores.aggregates, or a stored row). */
export interface AggregateScoreRow {
  name: AggregateName;
  finalBrier: number;
  timeWeightedBrier: number;
  finalLogLoss: number;
}

/** TWB minus the median's TWB, question by question. */
export interface VersusMedian {
  mean: number;
  /** mean +- 1.96 sd / sqrt(n), sample sd; null when n < 2 */
  ci95: [number, number] | null;
}

/** One aggregate over the set: `/api/aggregates`' `aggregates[i]`. */
export interface AggregateBacktest {
  name: AggregateName;
  questions: number;
  meanBrier: number | null;
  meanTimeWeightedBrier: number | null;
  meanLogLoss: number | null;
  /** mean TWB +- 1.96 sd / sqrt(n), sample sd; null when n < 2 */
  timeWeightedBrierCi95: [number, number] | null;
  /** null for the median itself, and for every aggregate when the set is empty */
  vsMedian: VersusMedian | null;
}

/** `/api/aggregates`: the number of questions, and the aggregates in AGGREGATE_NAMES order. */
export interface Backtest {
  questions: number;
  aggregates: AggregateBacktest[];
}

/** mean +- 1.96 sd / sqrt(n) for a mean and sample sd; null when either is null (n < 2). */
function interval(m: number | null, sd: number | null, n: number): [number, number] | null {
  if (m === null || sd === null) return null;
  const half = (Z95 * sd) / Math.sqrt(n);
  return [m - half, m + half];
}

/**
 * Each question's four rows, looked up by name. Throws when a question lacks
 * one or has one twice: every scored question has all four, and a partial
 * question would silently compare aggregates over different sets.
 */
function byName(rows: readonly AggregateScoreRow[], q: number): Record<AggregateName, AggregateScoreRow> {
  const out: Partial<Record<AggregateName, AggregateScoreRow>> = {};
  for (const r of rows) {
    if (out[r.name] !== undefined) throw new RangeError(`question ${q}: aggregate ${r.name} appears twice`);
    out[r.name] = r;
  }
  for (const name of AGGREGATE_NAMES) {
    if (out[name] === undefined) throw new RangeError(`question ${q}: aggregate ${name} is missing`);
  }
  if (rows.length !== AGGREGATE_NAMES.length) throw new RangeError(`question ${q}: unknown aggregate`);
  return out as Record<AggregateName, AggregateScoreRow>;
}

/**
 * The backtest from one entry per question of the set, each holding the
 * four aggregates' rows (any order). An empty set gives `questions: 0` and
 * nulls everywhere.
 *
 * @example
 * backtest(scoredQuestions.map((s) => s.aggregates)).aggregates[2].vsMedian
 * // { mean: -0.012, ci95: [-0.02, -0.004] }: geometric beat the median by 0.012 TWB
 */
export function backtest(questions: ReadonlyArray<readonly AggregateScoreRow[]>): Backtest {
  const rows = questions.map((q, i) => byName(q, i));
  const n = rows.length;
  const medianTwb = rows.map((r) => r.median.timeWeightedBrier);
  const aggregates = AGGREGATE_NAMES.map((name): AggregateBacktest => {
    const twb = rows.map((r) => r[name].timeWeightedBrier);
    const meanTwb = mean(twb);
    let vsMedian: VersusMedian | null = null;
    if (name !== 'median' && n > 0) {
      const diff = twb.map((t, i) => t - (medianTwb[i] as number));
      const m = mean(diff) as number;
      vsMedian = { mean: m, ci95: interval(m, sampleStandardDeviation(diff), n) };
    }
    return {
      name,
      questions: n,
      meanBrier: mean(rows.map((r) => r[name].finalBrier)),
      meanTimeWeightedBrier: meanTwb,
      meanLogLoss: mean(rows.map((r) => r[name].finalLogLoss)),
      timeWeightedBrierCi95: interval(meanTwb, sampleStandardDeviation(twb), n),
      vsMedian,
    };
  });
  return { questions: n, aggregates };
}

/**
 * Running sums of one aggregate over a set of questions: what a rollup row
 * (per aggregate, per tag) stores. `vsMedian` sums are of (its TWB - the
 * median's TWB) on the same question; they stay 0 for the median.
 */
export interface AggregateSums {
  name: AggregateName;
  questions: number;
  sumBrier: number;
  sumTimeWeightedBrier: number;
  sumSqTimeWeightedBrier: number;
  sumLogLoss: number;
  sumVsMedian: number;
  sumSqVsMedian: number;
}

/** Zero sums for the four aggregates, in AGGREGATE_NAMES order. */
export function emptyBacktestSums(): AggregateSums[] {
  return AGGREGATE_NAMES.map((name) => ({
    name,
    questions: 0,
    sumBrier: 0,
    sumTimeWeightedBrier: 0,
    sumSqTimeWeightedBrier: 0,
    sumLogLoss: 0,
    sumVsMedian: 0,
    sumSqVsMedian: 0,
  }));
}

/**
 * Adds one question's four rows to the sums (found by name), times `sign`:
 * -1 takes out a question's old scores before its rescored ones go in.
 */
export function addToBacktestSums(
  sums: readonly AggregateSums[],
  rows: readonly AggregateScoreRow[],
  sign: 1 | -1 = 1,
): void {
  const r = byName(rows, 0);
  const medianTwb = r.median.timeWeightedBrier;
  for (const name of AGGREGATE_NAMES) {
    const s = sums.find((x) => x.name === name);
    if (s === undefined) throw new RangeError(`no sums for aggregate ${name}`);
    const row = r[name];
    const d = row.timeWeightedBrier - medianTwb;
    s.questions += sign;
    s.sumBrier += sign * row.finalBrier;
    s.sumTimeWeightedBrier += sign * row.timeWeightedBrier;
    s.sumSqTimeWeightedBrier += sign * row.timeWeightedBrier * row.timeWeightedBrier;
    s.sumLogLoss += sign * row.finalLogLoss;
    s.sumVsMedian += sign * d;
    s.sumSqVsMedian += sign * d * d;
  }
}

/**
 * mean +- 1.96 sd / sqrt(n) from a count, a sum and a sum of squares; null
 * when n < 2. The variance (sumSq - n mean^2) / (n - 1) cancels: the sums
 * carry rounding of about n ulps of sumSq, so a variance within that of 0 is
 * noise and is taken as 0 (n equal values then give a zero-width interval,
 * as they do from the rows, instead of a half-width of ~1e-8). Intervals
 * narrower than ~1e-7 of the values are below what running sums can tell;
 * and once a question is taken out (sign -1), the sums keep rounding of an
 * ulp of the largest square ever added, so a spread that is tiny beside a
 * removed value (1e-9 beside 0.5) cannot be told from 0 either. Real sets of
 * questions are nowhere near either limit.
 */
export function ci95FromSums(n: number, sum: number, sumSq: number): [number, number] | null {
  if (n < 2) return null;
  const m = sum / n;
  const num = sumSq - n * m * m;
  const noise = 4 * n * Number.EPSILON * Math.abs(sumSq);
  const variance = num <= noise ? 0 : num / (n - 1);
  const half = (Z95 * Math.sqrt(variance)) / Math.sqrt(n);
  return [m - half, m + half];
}

/**
 * The backtest from running sums: the same figures as `backtest` over the
 * rows the sums were made of, up to rounding (within 1e-9). Sums missing for
 * an aggregate count as empty; the aggregates must agree on the number of
 * questions, since each question adds to all four.
 */
export function backtestFromSums(sums: readonly AggregateSums[]): Backtest {
  const get = (name: AggregateName): AggregateSums =>
    sums.find((s) => s.name === name) ?? (emptyBacktestSums().find((s) => s.name === name) as AggregateSums);
  const n = get('median').questions;
  for (const name of AGGREGATE_NAMES) {
    if (get(name).questions !== n)
      throw new RangeError(`aggregate ${name} has ${get(name).questions} questions, median ${n}`);
  }
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`questions must be a count, got ${n}`);
  const aggregates = AGGREGATE_NAMES.map((name): AggregateBacktest => {
    const s = get(name);
    if (n === 0) {
      return {
        name,
        questions: 0,
        meanBrier: null,
        meanTimeWeightedBrier: null,
        meanLogLoss: null,
        timeWeightedBrierCi95: null,
        vsMedian: null,
      };
    }
    return {
      name,
      questions: n,
      meanBrier: s.sumBrier / n,
      meanTimeWeightedBrier: s.sumTimeWeightedBrier / n,
      meanLogLoss: s.sumLogLoss / n,
      timeWeightedBrierCi95: ci95FromSums(n, s.sumTimeWeightedBrier, s.sumSqTimeWeightedBrier),
      vsMedian:
        name === 'median' ? null : { mean: s.sumVsMedian / n, ci95: ci95FromSums(n, s.sumVsMedian, s.sumSqVsMedian) },
    };
  });
  return { questions: n, aggregates };
}
