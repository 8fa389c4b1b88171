/**
 * Writing scores: when a question is resolved, re-resolved or annulled, or its
 * forecasts arrive by import, its scores are recomputed and stored in the same
 * transaction, and the rollups move by the difference.
 */
import type { Db } from '../../db/client';
import {
  addToSums,
  calibrationEvents,
  emptyAnalystSums,
  scoreQuestion,
  type AnalystSums,
  type QuestionScores,
  type QuestionType,
} from '../../domain/scoring';
import * as repo from './scores.repository';

interface StandingLike {
  outcome: number | null;
  annulled: boolean;
  occurredAt: Date | string | null;
  resolvedAt: Date | string;
}

interface QuestionLike {
  id: number;
  type: QuestionType;
  closesAt: Date;
  tags: string[];
}

/** Scores one question with the pure domain; null when unresolved or annulled. */
export function computeScores(
  q: QuestionLike,
  standing: StandingLike | undefined,
  forecastRows: Array<{ id: number; userId: number; createdAt: Date; probs: number[] }>,
): { scores: QuestionScores; outcome: number } | null {
  if (!standing || standing.annulled || standing.outcome === null) return null;
  const scores = scoreQuestion(
    { type: q.type, closesAt: q.closesAt.getTime() },
    {
      outcome: standing.outcome,
      occurredAt: standing.occurredAt === null ? null : new Date(standing.occurredAt).getTime(),
      resolvedAt: new Date(standing.resolvedAt).getTime(),
    },
    forecastRows.map((f) => ({ id: Number(f.id), analyst: String(f.userId), createdAt: f.createdAt.getTime(), probs: f.probs })),
  );
  return { scores, outcome: standing.outcome };
}

function toRows(questionId: number, c: { scores: QuestionScores; outcome: number }) {
  const end = new Date(c.scores.end);
  const analysts: repo.ScoreRow[] = c.scores.analysts.map((a) => ({
    questionId,
    userId: Number(a.analyst),
    end,
    outcome: c.outcome,
    finalBrier: a.finalBrier,
    timeWeightedBrier: a.timeWeightedBrier,
    relativeBrier: a.relativeBrier,
    finalLogLoss: a.finalLogLoss,
    finalProbs: a.finalProbs,
    scoredForecasts: a.scoredForecasts,
  }));
  const crowd: repo.CrowdRow | undefined = c.scores.crowd
    ? { questionId, end, timeWeightedBrier: c.scores.crowd.timeWeightedBrier, finalBrier: c.scores.crowd.finalBrier, finalLogLoss: c.scores.crowd.finalLogLoss }
    : undefined;
  return { analysts, crowd };
}

/** Accumulates rollup deltas: `sign` +1 adds a question's scores, -1 takes them away. */
export class RollupDeltas {
  private analysts = new Map<string, repo.AnalystRollupRow>();
  private crowd = new Map<string, repo.CrowdRollupRow>();
  private calibration = new Map<string, repo.CalibrationRollupRow>();

  add(type: QuestionType, tags: string[], rows: { analysts: repo.ScoreRow[]; crowd: repo.CrowdRow | undefined }, sign: 1 | -1): void {
    const allTags = ['', ...new Set(tags)];
    for (const s of rows.analysts) {
      const events = calibrationEvents(type, s.finalProbs, s.outcome);
      for (const tag of allTags) {
        const key = `${tag}\u0000${s.userId}`;
        let r = this.analysts.get(key);
        if (!r) {
          r = { userId: s.userId, tag, ...emptyAnalystSums() };
          this.analysts.set(key, r);
        }
        addToSums(r as AnalystSums, s, sign);
        for (const e of events) {
          const ck = `${key}\u0000${e.p}`;
          const c = this.calibration.get(ck) ?? { userId: s.userId, tag, p: e.p, n: 0, hits: 0 };
          c.n += sign;
          c.hits += sign * e.o;
          this.calibration.set(ck, c);
        }
      }
    }
    if (rows.crowd) {
      for (const tag of allTags) {
        const r = this.crowd.get(tag) ?? { tag, questions: 0, sumBrier: 0, sumTimeWeightedBrier: 0, sumLogLoss: 0 };
        r.questions += sign;
        r.sumBrier += sign * rows.crowd.finalBrier;
        r.sumTimeWeightedBrier += sign * rows.crowd.timeWeightedBrier;
        r.sumLogLoss += sign * rows.crowd.finalLogLoss;
        this.crowd.set(tag, r);
      }
    }
  }

  /** The non-zero deltas, ready for repo.applyRollupDeltas. */
  rows() {
    return {
      analysts: [...this.analysts.values()].filter((r) => r.questions !== 0 || r.sumBrier !== 0 || r.sumTimeWeightedBrier !== 0),
      crowd: [...this.crowd.values()].filter((r) => r.questions !== 0 || r.sumTimeWeightedBrier !== 0),
      calibration: [...this.calibration.values()].filter((r) => r.n !== 0 || r.hits !== 0),
    };
  }
}

/**
 * Recomputes and stores one question's scores inside the caller's transaction
 * (which should hold the question row lock), moving the rollups by the change.
 */
export async function rescoreQuestion(tx: Db, questionId: number): Promise<void> {
  const found = await repo.questionForScoring(tx, questionId);
  if (!found) return;
  const { question, standing } = found;
  const old = await repo.deleteScores(tx, questionId);
  const computed = computeScores(question, standing, standing && !standing.annulled ? await repo.forecastsForScoring(tx, [questionId]) : []);
  const next = computed ? toRows(questionId, computed) : { analysts: [], crowd: undefined };
  await repo.insertScores(tx, next.analysts);
  if (next.crowd) await repo.insertCrowdScores(tx, [next.crowd]);
  const deltas = new RollupDeltas();
  deltas.add(question.type, question.tags, old, -1);
  deltas.add(question.type, question.tags, next, 1);
  await repo.applyRollupDeltas(tx, deltas.rows());
}

/**
 * Rebuilds every stored score and rollup from the forecasts and resolutions,
 * in chunks of questions, inside one transaction.
 */
export async function rescoreAll(db: Db, onProgress?: (done: number, total: number) => void): Promise<{ questions: number; scores: number }> {
  return db.transaction(async (tx) => {
    await repo.clearAllScores(tx);
    const ids = await repo.resolvedQuestionIds(tx);
    const deltas = new RollupDeltas();
    let scoreCount = 0;
    const CHUNK = 250;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const qs = await repo.questionsWithStanding(tx, chunk);
      const fs = await repo.forecastsForScoring(tx, chunk);
      const byQ = new Map<number, typeof fs>();
      for (const f of fs) {
        const list = byQ.get(f.questionId);
        if (list) list.push(f);
        else byQ.set(f.questionId, [f]);
      }
      const analysts: repo.ScoreRow[] = [];
      const crowds: repo.CrowdRow[] = [];
      for (const { question, standing } of qs) {
        const computed = computeScores(
          question,
          standing && { outcome: standing.outcome, annulled: standing.annulled, occurredAt: standing.occurred_at, resolvedAt: standing.resolved_at },
          byQ.get(question.id) ?? [],
        );
        if (!computed) continue;
        const rows = toRows(question.id, computed);
        analysts.push(...rows.analysts);
        if (rows.crowd) crowds.push(rows.crowd);
        deltas.add(question.type, question.tags, rows, 1);
      }
      await repo.insertScores(tx, analysts);
      await repo.insertCrowdScores(tx, crowds);
      scoreCount += analysts.length;
      onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
    }
    await repo.applyRollupDeltas(tx, deltas.rows());
    return { questions: ids.length, scores: scoreCount };
  });
}
