import { insertSorted, medianOfSorted, removeSorted } from './stats.js';
import { buildTimeline, type TimelineInstant } from './timeline.js';
import type { CrowdPoint, QuestionType, ScoringForecast } from './types.js';

/**
 * Keeps the crowd forecast of SCORING.md up to date as standing forecasts
 * change: per outcome, the median of the standing forecasts (one sorted
 * column per outcome, so an update costs a binary search and a splice), then
 * divided by the sum of the medians; the mean of the standing forecasts when
 * every median is 0.
 *
 * Binary questions take the median of p and set no = 1 - median, so the
 * crowd's P(yes) is exactly the median of the analysts' P(yes).
 */
class CrowdTracker {
  private readonly type: QuestionType;
  private readonly optionCount: number;
  private readonly columns: number[][];
  private readonly standing: Array<readonly number[] | undefined> = [];
  private readonly standingList: number[] = [];

  constructor(type: QuestionType, optionCount: number) {
    this.type = type;
    this.optionCount = optionCount;
    const cols = type === 'binary' ? 1 : optionCount;
    this.columns = Array.from({ length: cols }, () => []);
  }

  update(who: number, probs: readonly number[]): void {
    const old = this.standing[who];
    if (this.type === 'binary') {
      const col = this.columns[0] as number[];
      if (old !== undefined) removeSorted(col, old[1] as number);
      insertSorted(col, probs[1] as number);
    } else {
      for (let k = 0; k < this.optionCount; k++) {
        const col = this.columns[k] as number[];
        if (old !== undefined) removeSorted(col, old[k] as number);
        insertSorted(col, probs[k] as number);
      }
    }
    if (old === undefined) this.standingList.push(who);
    this.standing[who] = probs;
  }

  current(): number[] {
    if (this.type === 'binary') {
      const p = medianOfSorted(this.columns[0] as number[]);
      return [1 - p, p];
    }
    const K = this.optionCount;
    const medians = this.columns.map((col) => medianOfSorted(col));
    let total = 0;
    for (const m of medians) total += m;
    if (total > 0) return medians.map((m) => m / total);
    // every median is 0 (e.g. three analysts each certain of a different option): mean instead
    const means = new Array<number>(K).fill(0);
    for (const who of this.standingList) {
      const f = this.standing[who] as readonly number[];
      for (let k = 0; k < K; k++) means[k] = (means[k] as number) + (f[k] as number);
    }
    const n = this.standingList.length;
    return means.map((s) => s / n);
  }
}

function sameVector(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Crowd step function over already-built instants (shared by crowdSeries and scoreQuestion). */
export function crowdSteps(
  type: QuestionType,
  optionCount: number,
  instants: readonly TimelineInstant[],
): CrowdPoint[] {
  const tracker = new CrowdTracker(type, optionCount);
  const points: CrowdPoint[] = [];
  for (const instant of instants) {
    for (const u of instant.updates) tracker.update(u.who, u.probs);
    const probs = tracker.current();
    const prev = points[points.length - 1];
    if (prev === undefined || !sameVector(prev.probs, probs)) points.push({ at: instant.at, probs });
  }
  return points;
}

/**
 * The crowd forecast as a step function: one point each time it changes,
 * starting at the first forecast; each point holds until the next one. Works
 * for unresolved questions (charts); pass `until` (e.g. the scoring end) to
 * leave out forecasts with `createdAt >= until`.
 *
 * @example
 * crowdSeries('binary', [
 *   { id: 1, analyst: 'ana', createdAt: 0, probs: [0.4, 0.6] },
 *   { id: 2, analyst: 'ben', createdAt: 20, probs: [0.7, 0.3] },
 * ]) // [{ at: 0, probs: [0.4, 0.6] }, { at: 20, probs: [~0.55, ~0.45] }]
 */
export function crowdSeries(type: QuestionType, forecasts: readonly ScoringForecast[], until?: number): CrowdPoint[] {
  const timeline = buildTimeline(forecasts, until);
  return crowdSteps(type, timeline.optionCount, timeline.instants);
}
