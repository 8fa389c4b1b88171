/**
 * The team aggregates of docs/scoring.md ("The crowd forecast" and "Other team
 * aggregates, scored beside the crowd"): four ways to pool the standing
 * forecasts v_1..v_n at an instant into one vector.
 *
 * | name | per outcome k |
 * |---|---|
 * | median | median_i v_ik, divided by the sum of the medians (the crowd) |
 * | mean | mean_i v_ik, not divided by its sum |
 * | geometric | exp(mean_i ln(max(v_ik, 0.001))), divided by the sum |
 * | extremized | exp(1.5 mean_i ln(max(v_ik, 0.001))), divided by the sum |
 *
 * All four are kept up to date as standing forecasts change, never
 * recomputed over every participant at every instant: the median from one
 * sorted column per outcome (a binary search and a splice per update), the
 * other three from running sums of v_ik and of ln(max(v_ik, 0.001)) per
 * outcome. The sums have values added and taken away again as analysts
 * revise, thousands of times on a busy question, so they are double-double
 * (exact.ts): they stay the exact sums of the standing values, and a single
 * standing analyst's mean is their forecast to the last bit.
 */
import { addExact } from './exact.js';
import { LOG_LOSS_FLOOR } from './brier.js';
import { insertSorted, medianOfSorted, removeSorted } from './stats.js';
import type { TimelineInstant } from './timeline.js';
import type { CrowdPoint, QuestionType } from './types.js';

/** The aggregates, in the order every API answer lists them. `median` is the crowd. */
export const AGGREGATE_NAMES = ['median', 'mean', 'geometric', 'extremized'] as const;
export type AggregateName = (typeof AGGREGATE_NAMES)[number];

/** The extremizing factor d of docs/scoring.md (Satopää et al. 2014; Baron et al. 2014). */
export const EXTREMIZING_FACTOR = 1.5;

/**
 * The floor before the logarithm of the geometric and extremized pools: the
 * same 0.1% as the log loss. Applied before the log only; the pooled vector
 * itself is not floored.
 */
export const POOL_LOG_FLOOR = LOG_LOSS_FLOOR;

/** Is `name` one of AGGREGATE_NAMES? (for callers holding a plain string, e.g. a query parameter) */
export function isAggregateName(name: string): name is AggregateName {
  return (AGGREGATE_NAMES as readonly string[]).includes(name);
}

/**
 * The standing forecasts of one question and everything the aggregates need
 * from them. `update` replaces one participant's standing forecast; the
 * getters read the aggregates of the current standing set (at least one
 * participant must be standing).
 *
 * Binary questions pool P(yes) and set no = 1 - yes, as the crowd always
 * has, so an aggregate's P(yes) is exactly the pooled P(yes) (for geometric
 * and extremized the pool uses the floored p and 1 - p of each stored
 * vector, which makes it the geometric mean of the odds).
 */
export class StandingPool {
  private readonly binary: boolean;
  private readonly K: number;
  private readonly withMedian: boolean;
  private readonly withLogs: boolean;
  /** one ascending column per outcome (binary: P(yes) only) */
  private readonly columns: number[][];
  private readonly sumHi: Float64Array;
  private readonly sumLo: Float64Array;
  private readonly logHi: Float64Array;
  private readonly logLo: Float64Array;
  private readonly standing: Array<readonly number[] | undefined> = [];
  private n = 0;

  /**
   * @param needs which aggregates will be read: a pool that will only be
   *   asked for the median skips the logarithms (the median needs the linear
   *   sums for its fallback), and one without the median skips the columns.
   */
  constructor(type: QuestionType, optionCount: number, needs: readonly AggregateName[] = AGGREGATE_NAMES) {
    this.binary = type === 'binary';
    this.K = optionCount;
    this.withMedian = needs.includes('median');
    this.withLogs = needs.includes('geometric') || needs.includes('extremized');
    const cols = this.withMedian ? (this.binary ? 1 : optionCount) : 0;
    this.columns = Array.from({ length: cols }, () => []);
    this.sumHi = new Float64Array(optionCount);
    this.sumLo = new Float64Array(optionCount);
    this.logHi = new Float64Array(this.withLogs ? optionCount : 0);
    this.logLo = new Float64Array(this.withLogs ? optionCount : 0);
  }

  /** How many participants are standing. */
  get size(): number {
    return this.n;
  }

  /** Participant `who`'s standing forecast is now `probs` (a vector of K numbers). */
  update(who: number, probs: readonly number[]): void {
    const old = this.standing[who];
    const K = this.K;
    if (this.withMedian) {
      if (this.binary) {
        const col = this.columns[0] as number[];
        if (old !== undefined) removeSorted(col, old[1] as number);
        insertSorted(col, probs[1] as number);
      } else {
        for (let k = 0; k < K; k++) {
          const col = this.columns[k] as number[];
          if (old !== undefined) removeSorted(col, old[k] as number);
          insertSorted(col, probs[k] as number);
        }
      }
    }
    for (let k = 0; k < K; k++) {
      if (old !== undefined) addExact(this.sumHi, this.sumLo, k, -(old[k] as number));
      addExact(this.sumHi, this.sumLo, k, probs[k] as number);
      if (this.withLogs) {
        if (old !== undefined) addExact(this.logHi, this.logLo, k, -flooredLog(old[k] as number));
        addExact(this.logHi, this.logLo, k, flooredLog(probs[k] as number));
      }
    }
    if (old === undefined) this.n++;
    this.standing[who] = probs;
  }

  /** The aggregate `name` of the standing forecasts. */
  current(name: AggregateName): number[] {
    switch (name) {
      case 'median':
        return this.median();
      case 'mean':
        return this.mean();
      case 'geometric':
        return this.logPool(1);
      case 'extremized':
        return this.logPool(EXTREMIZING_FACTOR);
    }
  }

  /**
   * The crowd: per outcome the median, divided by the sum of the medians;
   * the mean of the standing forecasts when every median is 0 (three analysts
   * each certain of a different option).
   */
  median(): number[] {
    if (!this.withMedian) throw new Error('this pool does not keep the medians');
    if (this.binary) {
      const p = medianOfSorted(this.columns[0] as number[]);
      return [1 - p, p];
    }
    const medians = this.columns.map((col) => medianOfSorted(col));
    let total = 0;
    for (const m of medians) total += m;
    if (total > 0) return medians.map((m) => m / total);
    return this.mean();
  }

  /** Per outcome the mean of the standing forecasts, not divided by its sum (binary: mean P(yes)). */
  mean(): number[] {
    const n = this.n;
    if (this.binary) {
      const p = (this.sumHi[1] as number) / n;
      return [1 - p, p];
    }
    const out = new Array<number>(this.K);
    for (let k = 0; k < this.K; k++) out[k] = (this.sumHi[k] as number) / n;
    return out;
  }

  /**
   * exp(d * mean_i ln(max(v_ik, 0.001))) per outcome, divided by the sum:
   * d = 1 is the geometric pool, d = 1.5 the extremized one. The exponents lie
   * in [1.5 ln 0.001, 0], so nothing under- or overflows.
   */
  private logPool(d: number): number[] {
    if (!this.withLogs) throw new Error('this pool does not keep the logarithms');
    const n = this.n;
    const K = this.K;
    const g = new Array<number>(K);
    let total = 0;
    for (let k = 0; k < K; k++) {
      const x = Math.exp((d * (this.logHi[k] as number)) / n);
      g[k] = x;
      total += x;
    }
    if (this.binary) {
      const p = (g[1] as number) / total;
      return [1 - p, p];
    }
    for (let k = 0; k < K; k++) g[k] = (g[k] as number) / total;
    return g;
  }
}

function flooredLog(v: number): number {
  return Math.log(Math.max(v, POOL_LOG_FLOOR));
}

function sameVector(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Step functions of the aggregates `names` over already-built instants: for
 * each name (in the order given) one point each time that aggregate changes,
 * starting at the first instant; each point holds until the next one.
 */
export function poolSteps(
  type: QuestionType,
  optionCount: number,
  instants: readonly TimelineInstant[],
  names: readonly AggregateName[] = AGGREGATE_NAMES,
): CrowdPoint[][] {
  const pool = new StandingPool(type, optionCount, names);
  const series: CrowdPoint[][] = names.map(() => []);
  for (const instant of instants) {
    for (const u of instant.updates) pool.update(u.who, u.probs);
    for (let a = 0; a < names.length; a++) {
      const probs = pool.current(names[a] as AggregateName);
      const points = series[a] as CrowdPoint[];
      const prev = points[points.length - 1];
      if (prev === undefined || !sameVector(prev.probs, probs)) points.push({ at: instant.at, probs });
    }
  }
  return series;
}
