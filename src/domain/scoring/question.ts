import { compareCodePoints } from '../compare.js';
import { brier, logLoss } from './brier.js';
import { AGGREGATE_NAMES, poolSteps } from './pool.js';
import { relativeBriers, type RelativeInstant } from './relative.js';
import { buildTimeline } from './timeline.js';
import type {
  AggregateQuestionScore,
  AnalystQuestionScore,
  CrowdPoint,
  CrowdQuestionScore,
  QuestionType,
  QuestionScores,
  ScoringForecast,
  ScoringQuestion,
  ScoringResolution,
} from './types.js';

/**
 * End of the scoring window: `min(closesAt, occurredAt ?? resolvedAt)`.
 * Forecasts made at or after it were made once the answer was known (or the
 * question had closed) and are never scored.
 */
export function scoringEnd(
  question: Pick<ScoringQuestion, 'closesAt'> & Partial<ScoringQuestion>,
  resolution: Pick<ScoringResolution, 'occurredAt' | 'resolvedAt'> & Partial<ScoringResolution>,
): number {
  return Math.min(question.closesAt, resolution.occurredAt ?? resolution.resolvedAt);
}

/**
 * Every score of one resolved question (docs/scoring.md): per analyst the final,
 * time-weighted and relative Brier and the final log loss; for the crowd and
 * the other team aggregates (`aggregates`: median = the crowd, mean,
 * geometric, extremized) the time-weighted Brier (from the first scored
 * forecast of anyone to end) and the scores of the aggregate standing just
 * before end.
 *
 * Forecasts may come in any order; they are ordered by (createdAt, id) and
 * those with `createdAt >= end` are dropped. All integrals are exact sums over
 * the piecewise-constant standing forecasts; the cost is O(F log F) for the
 * sort plus O(F (log P + K)) and a splice per forecast for medians, never
 * quadratic in the number of forecasts for a bounded number of analysts.
 */
export function scoreQuestion(
  question: ScoringQuestion,
  resolution: ScoringResolution,
  forecasts: readonly ScoringForecast[],
): QuestionScores {
  const end = scoringEnd(question, resolution);
  const { type } = question;
  const outcome = resolution.outcome;
  const timeline = buildTimeline(forecasts, end);
  const { participants, counts, instants } = timeline;
  const first = instants[0];
  if (first === undefined) return { end, analysts: [], crowd: null, aggregates: [] };

  const P = participants.length;
  const firstAt = new Float64Array(P).fill(NaN);
  const lastAt = new Float64Array(P);
  const lastB = new Float64Array(P);
  const twb = new Float64Array(P);
  const lastProbs: Array<readonly number[]> = new Array(P);

  const rel: RelativeInstant[] = [];
  for (const instant of instants) {
    const t = instant.at;
    const updates: Array<{ who: number; brier: number }> = [];
    for (const { who, probs } of instant.updates) {
      const b = brier(type, probs, outcome);
      const t1 = firstAt[who] as number;
      if (Number.isNaN(t1)) {
        firstAt[who] = t;
      } else {
        // weight as a fraction of the window so a single forecast gives TWB == its Brier exactly
        twb[who] = (twb[who] as number) + (lastB[who] as number) * ((t - (lastAt[who] as number)) / (end - t1));
      }
      lastAt[who] = t;
      lastB[who] = b;
      lastProbs[who] = probs;
      updates.push({ who, brier: b });
    }
    rel.push({ at: t, updates });
  }
  const rb = relativeBriers(P, rel, end);

  const analysts: AnalystQuestionScore[] = [];
  for (let who = 0; who < P; who++) {
    const t1 = firstAt[who] as number;
    const probs = lastProbs[who] as readonly number[];
    analysts.push({
      analyst: participants[who] as string,
      finalBrier: lastB[who] as number,
      timeWeightedBrier: (twb[who] as number) + (lastB[who] as number) * ((end - (lastAt[who] as number)) / (end - t1)),
      relativeBrier: rb[who] ?? null,
      finalLogLoss: logLoss(probs, outcome),
      finalProbs: probs.slice(),
      firstAt: t1,
      scoredForecasts: counts[who] as number,
    });
  }
  analysts.sort((a, b) => compareCodePoints(a.analyst, b.analyst));

  const series = poolSteps(type, timeline.optionCount, instants, AGGREGATE_NAMES);
  const aggregates: AggregateQuestionScore[] = AGGREGATE_NAMES.map((name, a) => ({
    name,
    ...scoreSteps(type, outcome, series[a] as CrowdPoint[], end),
  }));
  // the crowd is the median aggregate; its own copy of finalProbs, so neither changes with the other
  const { name: _median, ...median } = aggregates[0] as AggregateQuestionScore;
  const crowd: CrowdQuestionScore = { ...median, finalProbs: median.finalProbs.slice() };
  return { end, analysts, crowd, aggregates };
}

/**
 * Scores of a pseudo-analyst whose forecast is the step function `steps`
 * (at least one point): TWB from the first point to end, each step weighed
 * by its share of the window, and the final Brier and log loss of the last
 * step (the one standing just before end).
 */
function scoreSteps(
  type: QuestionType,
  outcome: number,
  steps: readonly CrowdPoint[],
  end: number,
): CrowdQuestionScore {
  const start = (steps[0] as CrowdPoint).at;
  const span = end - start;
  let twb = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as CrowdPoint;
    const until = steps[i + 1]?.at ?? end;
    twb += brier(type, step.probs, outcome) * ((until - step.at) / span);
  }
  const finalProbs = (steps[steps.length - 1] as CrowdPoint).probs;
  return {
    timeWeightedBrier: twb,
    finalBrier: brier(type, finalProbs, outcome),
    finalLogLoss: logLoss(finalProbs, outcome),
    finalProbs: finalProbs.slice(),
    firstAt: start,
  };
}
