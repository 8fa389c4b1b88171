/**
 * Writing stored scores: a question's score rows and crowd row are replaced
 * whenever it is rescored, and the rollups (running sums per analyst and tag,
 * grouped calibration events) move by the difference, so the leaderboard and
 * calibration read a few hundred rows instead of every score row.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';
import { insertJson } from '../../db/bulk';
import {
  aggregateRollups,
  aggregateScores,
  analystRollups,
  calibrationRollups,
  crowdRollups,
  crowdScores,
  forecasts,
  questions,
  questionScores,
  pooledCalibrationRollups,
  pooledRecalibrationRollups,
  recalibrationRollups,
  resolutions,
} from '../../db/schema';

export type ScoreRow = typeof questionScores.$inferSelect;
export type CrowdRow = typeof crowdScores.$inferSelect;
export type AnalystRollupRow = typeof analystRollups.$inferSelect;
export type CrowdRollupRow = typeof crowdRollups.$inferSelect;
export type CalibrationRollupRow = typeof calibrationRollups.$inferSelect;
export type AggregateRow = typeof aggregateScores.$inferSelect;
export type AggregateRollupRow = typeof aggregateRollups.$inferSelect;
export type RecalibrationRollupRow = typeof recalibrationRollups.$inferSelect;
export type PooledCalibrationRollupRow = typeof pooledCalibrationRollups.$inferSelect;
export type PooledRecalibrationRollupRow = typeof pooledRecalibrationRollups.$inferSelect;

/**
 * The forecasts of those of several questions whose standing resolution is
 * not annulled (the ones scored), ordered by question, then (createdAt, id):
 * `createdAt` in epoch ms and `analyst` the user id as text, so rows go to the
 * scoring as they come, without a Date or a copy per forecast (a rescore of
 * every question reads a million).
 */
export async function scoredForecastsOf(tx: Db, questionIds: number[]): Promise<ScoringForecastRow[]> {
  if (questionIds.length === 0) return [];
  return queryRows<ScoringForecastRow>(
    tx,
    sql`select ${forecasts.id}::float8 as "id", ${forecasts.questionId} as "questionId",
          ${forecasts.userId}::text as "analyst",
          (extract(epoch from ${forecasts.createdAt}) * 1000)::float8 as "createdAt", ${forecasts.probs} as "probs"
        from ${forecasts}
        where ${forecasts.questionId} in (
          select s.question_id from (
            select distinct on (r.question_id) r.question_id, r.annulled from ${resolutions} r
            where r.question_id in ${questionIds} order by r.question_id, r.id desc
          ) s where not s.annulled)
        order by ${forecasts.questionId}, ${forecasts.createdAt}, ${forecasts.id}`,
  );
}

export interface ScoringForecastRow {
  id: number;
  questionId: number;
  /** the user id, as text */
  analyst: string;
  /** epoch ms */
  createdAt: number;
  probs: number[];
}

/** Removes the stored scores of several questions, returning what they were. */
export async function deleteScoresOf(
  tx: Db,
  questionIds: number[],
): Promise<{ analysts: ScoreRow[]; crowd: CrowdRow[]; aggregates: AggregateRow[] }> {
  if (questionIds.length === 0) return { analysts: [], crowd: [], aggregates: [] };
  // sent together: one transaction runs them in order, without a round trip between
  const [analysts, crowd, aggregates] = await Promise.all([
    tx.delete(questionScores).where(inArray(questionScores.questionId, questionIds)).returning(),
    tx.delete(crowdScores).where(inArray(crowdScores.questionId, questionIds)).returning(),
    tx.delete(aggregateScores).where(inArray(aggregateScores.questionId, questionIds)).returning(),
  ]);
  return { analysts, crowd, aggregates };
}

export async function insertScores(tx: Db, rows: ScoreRow[]): Promise<void> {
  await insertJson(tx, questionScores, rows);
}

export async function insertCrowdScores(tx: Db, rows: CrowdRow[]): Promise<void> {
  await insertJson(tx, crowdScores, rows);
}

export async function insertAggregateScores(tx: Db, rows: AggregateRow[]): Promise<void> {
  await insertJson(tx, aggregateScores, rows);
}

/** Is there a question with a crowd row but no aggregate rows (scored before they were stored)? */
export async function scoredQuestionWithoutAggregates(db: Db): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from ${crowdScores} c
        where not exists (select 1 from ${aggregateScores} a where a.question_id = c.question_id)
        limit 1`,
  );
  return rows.length > 0;
}

/**
 * Adds deltas to the rollups (insert, or add to the existing sums), then drops
 * the rows left empty. Rows are sorted by key so concurrent resolutions lock
 * rollup rows in the same order and cannot deadlock.
 */
export async function applyRollupDeltas(
  tx: Db,
  d: {
    analysts: AnalystRollupRow[];
    crowd: CrowdRollupRow[];
    calibration: CalibrationRollupRow[];
    aggregates: AggregateRollupRow[];
    recalibration: RecalibrationRollupRow[];
    pooledCalibration: PooledCalibrationRollupRow[];
    pooledRecalibration: PooledRecalibrationRollupRow[];
  },
): Promise<void> {
  const a = [...d.analysts].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : x.userId - y.userId));
  const c = [...d.crowd].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0));
  const k = [...d.calibration].sort((x, y) => x.userId - y.userId || x.p - y.p);
  // Rows an upsert leaves empty come back through RETURNING and are deleted by key:
  // a table-wide "where n <= 0" would scan every rollup row on every resolution.
  const emptyA = await insertJson<typeof analystRollups, { tag: string; user_id: number; questions: number }>(
    tx,
    analystRollups,
    a,
    {
      tail: sql`on conflict (tag, user_id) do update set
      questions = ${analystRollups}.questions + excluded.questions,
      sum_brier = ${analystRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${analystRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_sq_time_weighted_brier = ${analystRollups}.sum_sq_time_weighted_brier + excluded.sum_sq_time_weighted_brier,
      sum_log_loss = ${analystRollups}.sum_log_loss + excluded.sum_log_loss,
      relative_questions = ${analystRollups}.relative_questions + excluded.relative_questions,
      sum_relative_brier = ${analystRollups}.sum_relative_brier + excluded.sum_relative_brier
      returning tag, user_id, questions`,
    },
  ).then((rows) => rows.filter((r) => Number(r.questions) <= 0));
  const emptyC = await insertJson<typeof crowdRollups, { tag: string; questions: number }>(tx, crowdRollups, c, {
    tail: sql`on conflict (tag) do update set
      questions = ${crowdRollups}.questions + excluded.questions,
      sum_brier = ${crowdRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${crowdRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_log_loss = ${crowdRollups}.sum_log_loss + excluded.sum_log_loss
      returning tag, questions`,
  }).then((rows) => rows.filter((r) => Number(r.questions) <= 0));
  const emptyK = await insertJson<typeof calibrationRollups, { user_id: number; p: number; n: number }>(
    tx,
    calibrationRollups,
    k,
    {
      tail: sql`on conflict (user_id, p) do update set
      n = ${calibrationRollups}.n + excluded.n,
      hits = ${calibrationRollups}.hits + excluded.hits
      returning user_id, p, n`,
    },
  ).then((rows) => rows.filter((r) => Number(r.n) <= 0));
  const pk = [...d.pooledCalibration].sort((x, y) => x.p - y.p);
  const emptyPK = await insertJson<typeof pooledCalibrationRollups, { p: number; n: number }>(
    tx,
    pooledCalibrationRollups,
    pk,
    {
      tail: sql`on conflict (p) do update set
      n = ${pooledCalibrationRollups}.n + excluded.n,
      hits = ${pooledCalibrationRollups}.hits + excluded.hits
      returning p, n`,
    },
  ).then((rows) => rows.filter((r) => Number(r.n) <= 0));
  for (const r of emptyA) {
    await tx
      .delete(analystRollups)
      .where(
        and(
          eq(analystRollups.tag, r.tag),
          eq(analystRollups.userId, Number(r.user_id)),
          sql`${analystRollups.questions} <= 0`,
        ),
      );
  }
  if (emptyC.length)
    await tx.delete(crowdRollups).where(
      and(
        inArray(
          crowdRollups.tag,
          emptyC.map((r) => r.tag),
        ),
        sql`${crowdRollups.questions} <= 0`,
      ),
    );
  const g = [...d.aggregates].sort((x, y) =>
    x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
  );
  const emptyG = await insertJson<typeof aggregateRollups, { tag: string; name: string; questions: number }>(
    tx,
    aggregateRollups,
    g,
    {
      tail: sql`on conflict (tag, name) do update set
      questions = ${aggregateRollups}.questions + excluded.questions,
      sum_brier = ${aggregateRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${aggregateRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_sq_time_weighted_brier = ${aggregateRollups}.sum_sq_time_weighted_brier + excluded.sum_sq_time_weighted_brier,
      sum_log_loss = ${aggregateRollups}.sum_log_loss + excluded.sum_log_loss,
      sum_vs_median = ${aggregateRollups}.sum_vs_median + excluded.sum_vs_median,
      sum_sq_vs_median = ${aggregateRollups}.sum_sq_vs_median + excluded.sum_sq_vs_median
      returning tag, name, questions`,
    },
  ).then((rows) => rows.filter((r) => Number(r.questions) <= 0));
  const r = [...d.recalibration].sort(
    (x, y) => x.userId - y.userId || x.w - y.w || x.u - y.u || x.x - y.x || x.o - y.o,
  );
  const emptyR = await insertJson<
    typeof recalibrationRollups,
    { user_id: number; w: number; u: number; x: number; o: number; n: number }
  >(tx, recalibrationRollups, r, {
    tail: sql`on conflict (user_id, w, u, x, o) do update set
      n = ${recalibrationRollups}.n + excluded.n
      returning user_id, w, u, x, o, n`,
  }).then((rows) => rows.filter((x) => Number(x.n) <= 0));
  const pr = [...d.pooledRecalibration].sort((x, y) => x.w - y.w || x.u - y.u || x.x - y.x || x.o - y.o);
  const emptyPR = await insertJson<
    typeof pooledRecalibrationRollups,
    { w: number; u: number; x: number; o: number; n: number }
  >(tx, pooledRecalibrationRollups, pr, {
    tail: sql`on conflict (w, u, x, o) do update set
      n = ${pooledRecalibrationRollups}.n + excluded.n
      returning w, u, x, o, n`,
  }).then((rows) => rows.filter((x) => Number(x.n) <= 0));
  for (const e of emptyG) {
    await tx
      .delete(aggregateRollups)
      .where(
        and(
          eq(aggregateRollups.tag, e.tag),
          sql`${aggregateRollups.name} = ${e.name}`,
          sql`${aggregateRollups.questions} <= 0`,
        ),
      );
  }
  for (const e of emptyR) {
    await tx
      .delete(recalibrationRollups)
      .where(
        and(
          eq(recalibrationRollups.userId, Number(e.user_id)),
          eq(recalibrationRollups.w, Number(e.w)),
          eq(recalibrationRollups.u, Number(e.u)),
          eq(recalibrationRollups.x, Number(e.x)),
          eq(recalibrationRollups.o, Number(e.o)),
          sql`${recalibrationRollups.n} <= 0`,
        ),
      );
  }
  for (const e of emptyPR) {
    await tx
      .delete(pooledRecalibrationRollups)
      .where(
        and(
          eq(pooledRecalibrationRollups.w, Number(e.w)),
          eq(pooledRecalibrationRollups.u, Number(e.u)),
          eq(pooledRecalibrationRollups.x, Number(e.x)),
          eq(pooledRecalibrationRollups.o, Number(e.o)),
          sql`${pooledRecalibrationRollups.n} <= 0`,
        ),
      );
  }
  for (const r of emptyK) {
    await tx
      .delete(calibrationRollups)
      .where(
        and(
          eq(calibrationRollups.userId, Number(r.user_id)),
          eq(calibrationRollups.p, Number(r.p)),
          sql`${calibrationRollups.n} <= 0`,
        ),
      );
  }
  for (const r of emptyPK) {
    await tx
      .delete(pooledCalibrationRollups)
      .where(and(eq(pooledCalibrationRollups.p, Number(r.p)), sql`${pooledCalibrationRollups.n} <= 0`));
  }
}

export async function clearAllScores(tx: Db): Promise<void> {
  await tx.execute(
    sql`truncate ${questionScores}, ${crowdScores}, ${aggregateScores}, ${analystRollups}, ${crowdRollups}, ${calibrationRollups}, ${aggregateRollups}, ${recalibrationRollups}, ${pooledCalibrationRollups}, ${pooledRecalibrationRollups}`,
  );
}

/** Ids of questions whose standing resolution is not annulled (the scored ones), ascending. */
export async function resolvedQuestionIds(tx: Db): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`select q.id from ${questions} q
        where (select r.annulled from ${resolutions} r where r.question_id = q.id order by r.id desc limit 1) = false
        order by q.id`,
  );
  return rows.map((r) => Number(r.id));
}

/** The questions with their standing (latest) resolution, if any. */
export async function questionsWithStanding(tx: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const [qs, standing] = await Promise.all([
    tx.select().from(questions).where(inArray(questions.id, ids)),
    tx
      .selectDistinctOn([resolutions.questionId])
      .from(resolutions)
      .where(inArray(resolutions.questionId, ids))
      .orderBy(resolutions.questionId, desc(resolutions.id)),
  ]);
  const byQ = new Map(standing.map((r) => [r.questionId, r]));
  return qs.map((q) => ({ question: q, standing: byQ.get(q.id) }));
}
