/**
 * Writing scores: when a question is resolved, re-resolved or annulled, or its
 * forecasts arrive by import, its scores are recomputed and stored in the same
 * transaction, and the rollups move by the difference.
 */
import type { Db } from '../../db/client';
import {
  addToBacktestSums,
  addToSums,
  AGGREGATE_NAMES,
  calibrationEvents,
  emptyAnalystSums,
  emptyBacktestSums,
  recalibrationTerms,
  scoreQuestion,
  type AggregateSums,
  type AnalystSums,
  type QuestionScores,
  type QuestionType,
} from '../../domain/scoring';
import * as repo from './rescoring.repository';

interface StandingLike {
  outcome: number | null;
  annulled: boolean;
  occurredAt: Date | null;
  resolvedAt: Date;
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
      occurredAt: standing.occurredAt?.getTime() ?? null,
      resolvedAt: standing.resolvedAt.getTime(),
    },
    forecastRows.map((f) => ({
      id: Number(f.id),
      analyst: String(f.userId),
      createdAt: f.createdAt.getTime(),
      probs: f.probs,
    })),
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
    ? {
        questionId,
        end,
        timeWeightedBrier: c.scores.crowd.timeWeightedBrier,
        finalBrier: c.scores.crowd.finalBrier,
        finalLogLoss: c.scores.crowd.finalLogLoss,
      }
    : undefined;
  const aggregates: repo.AggregateRow[] = c.scores.aggregates.map((a) => ({
    questionId,
    name: a.name,
    end,
    timeWeightedBrier: a.timeWeightedBrier,
    finalBrier: a.finalBrier,
    finalLogLoss: a.finalLogLoss,
  }));
  return { analysts, crowd, aggregates };
}

/** Accumulates rollup deltas: `sign` +1 adds a question's scores, -1 takes them away. */
export class RollupDeltas {
  private analysts = new Map<string, repo.AnalystRollupRow>();
  private crowd = new Map<string, repo.CrowdRollupRow>();
  private calibration = new Map<string, repo.CalibrationRollupRow>();
  private aggregates = new Map<string, AggregateSums[]>();
  private recalibration = new Map<string, repo.RecalibrationRollupRow>();

  add(
    type: QuestionType,
    tags: string[],
    rows: { analysts: repo.ScoreRow[]; crowd: repo.CrowdRow | undefined; aggregates: repo.AggregateRow[] },
    sign: 1 | -1,
  ): void {
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
      }
      // Calibration events are rolled up over all questions only: per tag they would
      // be most of the rows written at every rescore, for a view that reads a few
      // score rows anyway (scores.service computes tagged calibration from them).
      for (const e of events) {
        const ck = `${s.userId}\u0000${e.p}`;
        const c = this.calibration.get(ck) ?? { userId: s.userId, p: e.p, n: 0, hits: 0 };
        c.n += sign;
        c.hits += sign * e.o;
        this.calibration.set(ck, c);
      }
      // The recalibration's terms, over all questions like the calibration events.
      for (const t of recalibrationTerms(type, s.finalProbs, s.outcome)) {
        const rk = `${s.userId}\u0000${t.w}\u0000${t.U}\u0000${t.X}\u0000${t.O}`;
        const r = this.recalibration.get(rk) ?? { userId: s.userId, w: t.w, u: t.U, x: t.X, o: t.O, n: 0 };
        r.n += sign * t.count;
        this.recalibration.set(rk, r);
      }
    }
    // A question scored before the aggregates were stored has none: nothing to take out.
    if (rows.aggregates.length === AGGREGATE_NAMES.length) {
      for (const tag of allTags) {
        let sums = this.aggregates.get(tag);
        if (!sums) {
          sums = emptyBacktestSums();
          this.aggregates.set(tag, sums);
        }
        addToBacktestSums(sums, rows.aggregates, sign);
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

  /**
   * The non-zero deltas, ready for repo.applyRollupDeltas. A delta counts when
   * any of its sums moved: a re-resolution can keep an analyst's question count,
   * final and time-weighted Brier (a single forecast) and move only the
   * relative Brier or the log loss.
   */
  rows() {
    const moved = (r: object) => Object.values(r).some((v) => typeof v === 'number' && v !== 0);
    // The pooled rollups move by the per-analyst deltas summed over analysts
    // (integer counts, so exactly): one pass over the deltas, not per event.
    const pooledCalibration = new Map<number, repo.PooledCalibrationRollupRow>();
    for (const c of this.calibration.values()) {
      const pc = pooledCalibration.get(c.p) ?? { p: c.p, n: 0, hits: 0 };
      pc.n += c.n;
      pc.hits += c.hits;
      pooledCalibration.set(c.p, pc);
    }
    const pooledRecalibration = new Map<string, repo.PooledRecalibrationRollupRow>();
    for (const r of this.recalibration.values()) {
      const pk = `${r.w}\u0000${r.u}\u0000${r.x}\u0000${r.o}`;
      const pr = pooledRecalibration.get(pk) ?? { w: r.w, u: r.u, x: r.x, o: r.o, n: 0 };
      pr.n += r.n;
      pooledRecalibration.set(pk, pr);
    }
    return {
      analysts: [...this.analysts.values()].filter(({ userId: _u, ...sums }) => moved(sums)),
      crowd: [...this.crowd.values()].filter((r) => moved(r)),
      calibration: [...this.calibration.values()].filter((r) => r.n !== 0 || r.hits !== 0),
      aggregates: [...this.aggregates.entries()].flatMap(([tag, sums]) =>
        sums.map((a): repo.AggregateRollupRow => ({ tag, ...a })).filter(({ name: _n, tag: _t, ...v }) => moved(v)),
      ),
      recalibration: [...this.recalibration.values()].filter((r) => r.n !== 0),
      pooledCalibration: [...pooledCalibration.values()].filter((r) => r.n !== 0 || r.hits !== 0),
      pooledRecalibration: [...pooledRecalibration.values()].filter((r) => r.n !== 0),
    };
  }
}

/**
 * Recomputes and stores one question's scores inside the caller's transaction
 * (which should hold the question row lock), moving the rollups by the change.
 */
export async function rescoreQuestion(tx: Db, questionId: number): Promise<void> {
  await rescoreQuestions(tx, [questionId]);
}

/**
 * Recomputes and stores the scores of many questions inside the caller's
 * transaction, a chunk of questions at a time: old scores out, new scores in,
 * and the rollups moved by the difference once at the end.
 */
export async function rescoreQuestions(
  tx: Db,
  questionIds: number[],
  opts: { fresh?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ questions: number; scores: number }> {
  const ids = [...new Set(questionIds)].sort((a, b) => a - b);
  const deltas = new RollupDeltas();
  let scoreCount = 0;
  const CHUNK = 250;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const qs = await repo.questionsWithStanding(tx, chunk);
    if (!opts.fresh) {
      const old = await repo.deleteScoresOf(tx, chunk);
      for (const { question } of qs) {
        deltas.add(
          question.type,
          question.tags,
          {
            analysts: old.analysts.filter((r) => r.questionId === question.id),
            crowd: old.crowd.find((r) => r.questionId === question.id),
            aggregates: old.aggregates.filter((r) => r.questionId === question.id),
          },
          -1,
        );
      }
    }
    const scored = qs.filter(({ standing }) => standing && !standing.annulled);
    const fs = await repo.forecastsForScoring(
      tx,
      scored.map((q) => q.question.id),
    );
    const byQ = new Map<number, typeof fs>();
    for (const f of fs) {
      const list = byQ.get(f.questionId);
      if (list) list.push(f);
      else byQ.set(f.questionId, [f]);
    }
    const analysts: repo.ScoreRow[] = [];
    const crowds: repo.CrowdRow[] = [];
    const aggregates: repo.AggregateRow[] = [];
    for (const { question, standing } of scored) {
      const computed = computeScores(question, standing, byQ.get(question.id) ?? []);
      if (!computed) continue;
      const rows = toRows(question.id, computed);
      analysts.push(...rows.analysts);
      if (rows.crowd) crowds.push(rows.crowd);
      aggregates.push(...rows.aggregates);
      deltas.add(question.type, question.tags, rows, 1);
    }
    await repo.insertScores(tx, analysts);
    await repo.insertCrowdScores(tx, crowds);
    await repo.insertAggregateScores(tx, aggregates);
    scoreCount += analysts.length;
    opts.onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
  }
  await repo.applyRollupDeltas(tx, deltas.rows());
  return { questions: ids.length, scores: scoreCount };
}

/** Rebuilds every stored score and rollup from the forecasts and resolutions, in one transaction. */
export async function rescoreAll(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<{ questions: number; scores: number }> {
  return db.transaction(async (tx) => {
    await repo.clearAllScores(tx);
    const ids = await repo.resolvedQuestionIds(tx);
    return rescoreQuestions(tx, ids, { fresh: true, onProgress });
  });
}

/**
 * Brings a workspace scored before the team aggregates were stored up to
 * date: when some scored question has no aggregate rows (the recalibration
 * rollups are missing too then), every score and rollup is rebuilt once.
 * Run at start-up; one indexed query when there is nothing to do.
 */
export async function backfillAggregates(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<{ questions: number; scores: number } | null> {
  if (!(await repo.scoredQuestionWithoutAggregates(db))) return null;
  return rescoreAll(db, onProgress);
}
