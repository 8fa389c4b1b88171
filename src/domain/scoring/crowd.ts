import { poolSteps, type AggregateName } from './pool.js';
import { buildTimeline, type TimelineInstant } from './timeline.js';
import type { CrowdPoint, QuestionType, ScoringForecast } from './types.js';

/** Crowd step function over already-built instants (shared by crowdSeries and scoreQuestion). */
export function crowdSteps(
  type: QuestionType,
  optionCount: number,
  instants: readonly TimelineInstant[],
): CrowdPoint[] {
  return poolSteps(type, optionCount, instants, ['median'])[0] as CrowdPoint[];
}

/**
 * The crowd forecast as a step function: one point each time it changes,
 * starting at the first forecast; each point holds until the next one. Works
 * for unresolved questions (charts); pass `until` (e.g. the scoring end) to
 * leave out forecasts with `createdAt >= until`.
 *
 * The crowd is, per outcome, the median of the standing forecasts divided by
 * the sum of the medians (the mean of the standing forecasts when every
 * median is 0); binary questions take the median of p and set no = 1 - median,
 * so the crowd's P(yes) is exactly the median of the analysts' P(yes).
 *
 * @example
 * crowdSeries('binary', [
 *   { id: 1, analyst: 'ana', createdAt: 0, probs: [0.4, 0.6] },
 *   { id: 2, analyst: 'ben', createdAt: 20, probs: [0.7, 0.3] },
 * ]) // [{ at: 0, probs: [0.4, 0.6] }, { at: 20, probs: [~0.55, ~0.45] }]
 */
export function crowdSeries(type: QuestionType, forecasts: readonly ScoringForecast[], until?: number): CrowdPoint[] {
  return aggregateSeries('median', type, forecasts, until);
}

/**
 * The crowd forecast standing after every forecast given (the last point of
 * crowdSeries), or null when there is none. Each analyst counts with their
 * latest forecast (by createdAt, then id), so passing only the standing
 * forecasts gives the same answer as passing the whole history: the question
 * list asks for the standing ones alone.
 *
 * @example
 * crowdNow('binary', [
 *   { id: 1, analyst: 'ana', createdAt: 0, probs: [0.4, 0.6] },
 *   { id: 2, analyst: 'ben', createdAt: 20, probs: [0.7, 0.3] },
 *   { id: 3, analyst: 'ana', createdAt: 30, probs: [0.2, 0.8] },
 * ]) // [0.45, 0.55]: the median of ben's 0.3 and ana's latest 0.8
 */
export function crowdNow(type: QuestionType, forecasts: readonly ScoringForecast[]): number[] | null {
  const series = crowdSeries(type, forecasts);
  return series[series.length - 1]?.probs ?? null;
}

/**
 * Any team aggregate (docs/scoring.md: median = the crowd, mean, geometric,
 * extremized) as a step function, for a question's chart: one point each
 * time it changes, starting at the first forecast; each point holds until
 * the next one. Pass `until` (e.g. the scoring end) to leave out forecasts
 * with `createdAt >= until`. `aggregateSeries('median', ...)` is crowdSeries.
 *
 * @example
 * aggregateSeries('geometric', 'binary', [
 *   { id: 1, analyst: 'ana', createdAt: 0, probs: [0.2, 0.8] },
 *   { id: 2, analyst: 'ben', createdAt: 20, probs: [0.5, 0.5] },
 * ]) // [{ at: 0, probs: [~0.2, ~0.8] }, { at: 20, probs: [1/3, 2/3] }] (odds 4 and 1 -> geometric mean 2)
 */
export function aggregateSeries(
  name: AggregateName,
  type: QuestionType,
  forecasts: readonly ScoringForecast[],
  until?: number,
): CrowdPoint[] {
  const timeline = buildTimeline(forecasts, until);
  return poolSteps(type, timeline.optionCount, timeline.instants, [name])[0] as CrowdPoint[];
}
