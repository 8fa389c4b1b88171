/**
 * The rules of the ledger (docs/scoring.md, docs/api.md, docs/archive.md) as pure functions:
 * question types and statuses, a question's shape, outcomes, the times a
 * resolution may carry and the forecasts a question accepts. The API and the
 * archive import both call these, so each rule is written once.
 */
import { binaryProbs, checkProbability, checkProbabilityVector } from './scoring/validate.js';
import type { RuleIssue } from './errors.js';

export const QUESTION_TYPES = ['binary', 'categorical', 'ordinal'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_STATUSES = ['upcoming', 'open', 'closed', 'resolved', 'annulled'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** How an outcome is written in the API and the archive: yes/no (binary), an option index, or annulled. */
export type OutcomeInput = 'yes' | 'no' | 'annulled' | number;
export const OUTCOME_WORDS = ['yes', 'no', 'annulled'] as const;

/** A stored outcome: an option index (binary: no = 0, yes = 1), or null when annulled. */
export interface StoredOutcome {
  outcome: number | null;
  annulled: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function questionStatus(
  q: { opensAt: Date; closesAt: Date },
  standing: { annulled: boolean } | null,
  now: Date,
): QuestionStatus {
  if (standing) return standing.annulled ? 'annulled' : 'resolved';
  if (now < q.opensAt) return 'upcoming';
  if (now >= q.closesAt) return 'closed';
  return 'open';
}

/** A forecast is accepted only while `opensAt <= now < closesAt` and no resolution stands. */
export function acceptsForecasts(
  q: { opensAt: Date; closesAt: Date },
  standing: { annulled: boolean } | null,
  now: Date,
): boolean {
  return questionStatus(q, standing, now) === 'open';
}

/** Why a question refuses forecasts now, in words, for a 409. */
export function notOpenReason(q: { opensAt: Date; closesAt: Date }, status: Exclude<QuestionStatus, 'open'>): string {
  const why: Record<Exclude<QuestionStatus, 'open'>, string> = {
    upcoming: `it opens at ${q.opensAt.toISOString()}`,
    closed: `it closed at ${q.closesAt.toISOString()}`,
    resolved: 'it has been resolved',
    annulled: 'it has been annulled',
  };
  return `The question is not open for forecasts: ${why[status]}`;
}

/** How many outcomes a question has: 2 for binary, else its option count. */
export function outcomeCount(type: QuestionType, options: readonly string[] | null | undefined): number {
  return type === 'binary' ? 2 : (options?.length ?? 0);
}

/**
 * Problems with a question's shape that span fields: options fit the type
 * (none for binary; at least 2 for categorical, 3 for ordinal; no label twice)
 * and the question closes after it opens.
 */
export function questionShapeIssues(q: {
  type: QuestionType;
  options: readonly string[] | null | undefined;
  opensAt: number;
  closesAt: number;
}): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (q.type === 'binary' && q.options != null) {
    issues.push({ path: ['options'], message: 'must be absent or null for a binary question' });
  }
  if (q.type !== 'binary') {
    const min = q.type === 'ordinal' ? 3 : 2;
    if (!q.options || q.options.length < min) {
      issues.push({ path: ['options'], message: `a ${q.type} question needs at least ${min} options` });
    } else {
      const seen = new Set<string>();
      q.options.forEach((o, i) => {
        if (seen.has(o)) issues.push({ path: ['options', i], message: `duplicates option '${o}'` });
        seen.add(o);
      });
    }
  }
  if (!(q.opensAt < q.closesAt)) issues.push({ path: ['closesAt'], message: 'must be after opensAt' });
  return issues;
}

/** The stored form of an outcome, or the problem with it for this question. */
export function parseOutcome(
  type: QuestionType,
  options: readonly string[] | null | undefined,
  outcome: OutcomeInput,
): StoredOutcome | { problem: string } {
  if (outcome === 'annulled') return { outcome: null, annulled: true };
  if (type === 'binary') {
    if (outcome === 'yes') return { outcome: 1, annulled: false };
    if (outcome === 'no') return { outcome: 0, annulled: false };
    return { problem: 'a binary question resolves "yes", "no" or "annulled"' };
  }
  const k = outcomeCount(type, options);
  if (typeof outcome !== 'number' || !Number.isInteger(outcome) || outcome < 0 || outcome >= k) {
    return {
      problem: `${type === 'ordinal' ? 'an' : 'a'} ${type} question resolves to an option index from 0 to ${k - 1}, or "annulled"`,
    };
  }
  return { outcome, annulled: false };
}

/** The API's and the archive's form of a stored outcome: yes/no on binary questions, an option index otherwise. */
export function outcomeForApi(type: QuestionType, r: StoredOutcome): OutcomeInput {
  if (r.annulled || r.outcome === null) return 'annulled';
  if (type === 'binary') return r.outcome === 1 ? 'yes' : 'no';
  return r.outcome;
}

/**
 * Problems with a resolution's times: no question is resolved before it
 * opens, and the outcome became known (`occurredAt`) between the opening and
 * the resolution. Epoch ms.
 */
export function resolutionTimeIssues(
  q: { opensAt: number },
  r: { occurredAt: number | null; resolvedAt: number },
): RuleIssue[] {
  if (r.resolvedAt < q.opensAt) {
    return [{ path: ['resolvedAt'], message: `must not be before the question opens (${iso(q.opensAt)})` }];
  }
  if (r.occurredAt !== null && (r.occurredAt < q.opensAt || r.occurredAt > r.resolvedAt)) {
    return [
      {
        path: ['occurredAt'],
        message: `must be within [${iso(q.opensAt)}, ${iso(r.resolvedAt)}] (from the question's opening to its resolution)`,
      },
    ];
  }
  return [];
}

/**
 * Problems with a forecast's time (epoch ms): accepted only in
 * `[opensAt, closesAt)` and before the question's first resolution (no
 * forecast is accepted while a resolution stands). The API checks the same
 * rule as a status (acceptsForecasts); an import checks it on given times.
 */
export function forecastTimeIssues(
  q: { opensAt: number; closesAt: number },
  firstResolvedAt: number | null,
  t: number,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (t < q.opensAt || t >= q.closesAt) {
    issues.push({
      path: ['createdAt'],
      message: `must be within [opensAt, closesAt) = [${iso(q.opensAt)}, ${iso(q.closesAt)})`,
    });
  }
  if (firstResolvedAt !== null && t >= firstResolvedAt) {
    issues.push({
      path: ['createdAt'],
      message: `must be before the question's first resolution (${iso(firstResolvedAt)})`,
    });
  }
  return issues;
}

/**
 * The stored vector of a forecast given as `{probability}` (binary: P(yes))
 * or `{probabilities}` (one per option, summing to 1 within 1e-6), or every
 * problem with it, each at its place (`probabilities.2`). Nothing is clamped
 * or renormalised: the vector is stored exactly as given.
 */
export function forecastVector(
  q: { type: QuestionType; options: readonly string[] | null | undefined },
  input: { probability?: number | undefined; probabilities?: readonly number[] | undefined },
): { probs: number[] } | { issues: RuleIssue[] } {
  if (q.type === 'binary') {
    if (input.probability === undefined || input.probabilities !== undefined) {
      return {
        issues: [
          { path: ['probability'], message: 'is required for a binary question (and probabilities is not allowed)' },
        ],
      };
    }
    const problems = checkProbability(input.probability);
    if (problems.length) return { issues: problems.map((p) => ({ path: ['probability'], message: p.message })) };
    return { probs: binaryProbs(input.probability) };
  }
  if (input.probabilities === undefined || input.probability !== undefined) {
    return {
      issues: [
        { path: ['probabilities'], message: `is required for a ${q.type} question (and probability is not allowed)` },
      ],
    };
  }
  const problems = checkProbabilityVector(q.type, outcomeCount(q.type, q.options), input.probabilities);
  if (problems.length) {
    return {
      issues: problems.map((p) => ({
        path: p.index === null ? ['probabilities'] : ['probabilities', p.index],
        message: p.message,
      })),
    };
  }
  return { probs: [...input.probabilities] };
}
