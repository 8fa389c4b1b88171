/**
 * Writing scores: when a question is resolved, re-resolved or annulled, or its
 * forecasts arrive by import, its scores are recomputed and stored in the same
 * transaction, and the rollups move by the difference.
 */
import type { Db } from '../../db/client';
import { scoreQuestion, type QuestionScores, type QuestionType, type ScoringForecast } from '../../domain/scoring';
import * as repo from './rescoring.repository';
import { RollupDeltas, type QuestionRows } from './rollup-deltas';
import { applyRollupDeltas } from './rollups.repository';

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

/**
 * Scores one question with the pure domain; null when unresolved or annulled.
 * `forecasts` as repo.forecastsForScoring reads them (analyst = user id as text).
 */
export function computeScores(
  q: QuestionLike,
  standing: StandingLike | undefined,
  forecasts: readonly ScoringForecast[],
): { scores: QuestionScores; outcome: number } | null {
  if (!standing || standing.annulled || standing.outcome === null) return null;
  const scores = scoreQuestion(
    { type: q.type, closesAt: q.closesAt.getTime() },
    {
      outcome: standing.outcome,
      occurredAt: standing.occurredAt?.getTime() ?? null,
      resolvedAt: standing.resolvedAt.getTime(),
    },
    forecasts,
  );
  return { scores, outcome: standing.outcome };
}

function toRows(questionId: number, c: { scores: QuestionScores; outcome: number }): QuestionRows {
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

/**
 * Recomputes and stores one question's scores inside the caller's transaction
 * (which should hold the question row lock), moving the rollups by the change.
 */
export async function rescoreQuestion(tx: Db, questionId: number): Promise<void> {
  await rescoreQuestions(tx, [questionId]);
}

/** What a chunk needs from the database before it is scored. */
export interface ChunkInput {
  qs: Awaited<ReturnType<typeof repo.questionsWithStanding>>;
  old: Awaited<ReturnType<typeof repo.deleteScoresOf>> | null;
  forecasts: repo.ScoringForecastRow[];
}

/**
 * Reads a chunk's questions and scored forecasts and (unless fresh) deletes
 * its old scores, returning them. Every statement is sent at once.
 */
async function readChunk(tx: Db, chunk: number[], fresh: boolean): Promise<ChunkInput> {
  const [qs, old, forecasts] = await Promise.all([
    repo.questionsWithStanding(tx, chunk),
    fresh ? null : repo.deleteScoresOf(tx, chunk),
    repo.scoredForecastsOf(tx, chunk),
  ]);
  return { qs, old, forecasts };
}

/**
 * Scores a chunk, adding its old scores (-1) and new ones (+1) to `deltas`,
 * question by question. `forecasts` are grouped by question (in any order
 * within one: the domain orders them).
 */
export function scoreChunk({ qs, old, forecasts }: ChunkInput, deltas: RollupDeltas) {
  if (old) {
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
  // forecasts come ordered by question: each question's are one slice
  const byQ = new Map<number, repo.ScoringForecastRow[]>();
  for (let i = 0; i < forecasts.length;) {
    const q = forecasts[i]!.questionId;
    let j = i + 1;
    while (j < forecasts.length && forecasts[j]!.questionId === q) j++;
    byQ.set(q, forecasts.slice(i, j));
    i = j;
  }
  const analysts: repo.ScoreRow[] = [];
  const crowds: repo.CrowdRow[] = [];
  const aggregates: repo.AggregateRow[] = [];
  for (const { question, standing } of qs) {
    if (!standing || standing.annulled) continue;
    const computed = computeScores(question, standing, byQ.get(question.id) ?? []);
    if (!computed) continue;
    const rows = toRows(question.id, computed);
    for (const r of rows.analysts) analysts.push(r);
    if (rows.crowd) crowds.push(rows.crowd);
    for (const r of rows.aggregates) aggregates.push(r);
    deltas.add(question.type, question.tags, rows, 1);
  }
  return { analysts, crowds, aggregates };
}

/**
 * Recomputes and stores the scores of many questions inside the caller's
 * transaction, a chunk of questions at a time: old scores out, new scores in,
 * and the rollups moved by the difference once at the end.
 *
 * The transaction is one connection, and statements sent on it run in order
 * (postgres.js pipelines them; PGlite queues them): the next chunk's reads are
 * sent before this chunk's writes, and the writes are not awaited, so the
 * database writes chunk N while JavaScript scores chunk N + 1. The rollup
 * deltas are added in the same order as one chunk at a time, so every sum is
 * the same to the bit.
 */
export async function rescoreQuestions(
  tx: Db,
  questionIds: number[],
  opts: { fresh?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ questions: number; scores: number }> {
  const ids = [...new Set(questionIds)].sort((a, b) => a - b);
  const fresh = opts.fresh ?? false;
  const deltas = new RollupDeltas();
  let scoreCount = 0;
  const CHUNK = 250;
  const chunkAt = (i: number) => ids.slice(i, i + CHUNK);
  // The statements sent and not yet settled (settled ones are let go: a chunk's
  // forecasts must not outlive it), and the first failure among them.
  const pending = new Set<Promise<unknown>>();
  let failure: { error: unknown } | undefined;
  const send = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    p.then(
      () => pending.delete(p),
      (error: unknown) => {
        pending.delete(p);
        failure ??= { error };
      },
    );
    return p;
  };
  try {
    let next = ids.length > 0 ? send(readChunk(tx, chunkAt(0), fresh)) : null;
    for (let i = 0; next; i += CHUNK) {
      const input = await next;
      if (failure) throw failure.error;
      next = i + CHUNK < ids.length ? send(readChunk(tx, chunkAt(i + CHUNK), fresh)) : null;
      const { analysts, crowds, aggregates } = scoreChunk(input, deltas);
      send(repo.insertScores(tx, analysts));
      send(repo.insertCrowdScores(tx, crowds));
      send(repo.insertAggregateScores(tx, aggregates));
      scoreCount += analysts.length;
      opts.onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
    }
  } finally {
    // Every statement sent finishes before this returns or throws (and the caller rolls back).
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }
  if (failure) throw failure.error;
  await applyRollupDeltas(tx, deltas.rows());
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
