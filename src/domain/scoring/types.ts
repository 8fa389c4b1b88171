/**
 * Value types of the scoring domain (docs/scoring.md). Plain numbers and epoch-ms
 * instants only: rows from the database are converted at the repository edge.
 */
import type { AggregateName } from './pool.js';

export type { QuestionType } from '../questions.js';
import type { QuestionType } from '../questions.js';

/** A forecast as the scoring sees it. probs is the full vector (binary: [1-p, p]). */
export interface ScoringForecast {
  id: number;
  analyst: string;
  /** epoch ms */
  createdAt: number;
  probs: readonly number[];
}

export interface ScoringQuestion {
  type: QuestionType;
  /** epoch ms */
  closesAt: number;
}

export interface ScoringResolution {
  /** option index; binary: no = 0, yes = 1 */
  outcome: number;
  /** epoch ms, when the outcome became known; null if not stated */
  occurredAt: number | null;
  /** epoch ms */
  resolvedAt: number;
}

export interface AnalystQuestionScore {
  analyst: string;
  finalBrier: number;
  timeWeightedBrier: number;
  /** null when the analyst is the question's only participant */
  relativeBrier: number | null;
  finalLogLoss: number;
  finalProbs: number[];
  /** time of the analyst's first scored forecast (t_1) */
  firstAt: number;
  /** how many of the analyst's forecasts have createdAt < end (including ones superseded at the same instant) */
  scoredForecasts: number;
}

export interface CrowdQuestionScore {
  timeWeightedBrier: number;
  /** Brier of the crowd forecast standing just before end */
  finalBrier: number;
  finalLogLoss: number;
  finalProbs: number[];
  /** time of the first scored forecast of anyone */
  firstAt: number;
}

/**
 * One team aggregate's scores on a question (docs/scoring.md "Other team
 * aggregates"), scored like the crowd: TWB from the first scored forecast of
 * anyone to end, final Brier and log loss of the aggregate standing just
 * before end.
 */
export interface AggregateQuestionScore extends CrowdQuestionScore {
  name: AggregateName;
}

export interface QuestionScores {
  end: number;
  /** sorted by analyst, code point order */
  analysts: AnalystQuestionScore[];
  /** null when no scored forecast; the same figures as aggregates[0] (median) */
  crowd: CrowdQuestionScore | null;
  /** median, mean, geometric, extremized (AGGREGATE_NAMES order); empty when no scored forecast */
  aggregates: AggregateQuestionScore[];
}

/** One step of the crowd forecast: it holds from `at` until the next point (or the end). */
export interface CrowdPoint {
  at: number;
  probs: number[];
}
