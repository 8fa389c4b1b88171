/**
 * Writing stored scores: a question's score rows and crowd row are replaced
 * whenever it is rescored, and the rollups (running sums per analyst and tag,
 * grouped calibration events) move by the difference, so the leaderboard and
 * calibration read a few hundred rows instead of every score row.
 */
import { desc, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';
import { copyRows, insertJson } from '../../db/bulk';
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
 * every question reads a million). The list is given twice: without it on
 * forecasts the planner hashes the standing resolutions and scans every forecast.
 */
export async function scoredForecastsOf(tx: Db, questionIds: number[]): Promise<ScoringForecastRow[]> {
  if (questionIds.length === 0) return [];
  return queryRows<ScoringForecastRow>(
    tx,
    sql`select ${forecasts.id}::float8 as "id", ${forecasts.questionId} as "questionId",
          ${forecasts.userId}::text as "analyst",
          (extract(epoch from ${forecasts.createdAt}) * 1000)::float8 as "createdAt", ${forecasts.probs} as "probs"
        from ${forecasts}
        where ${forecasts.questionId} in ${questionIds} and ${forecasts.questionId} in (
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

/** Every column of a table, as copyRows names them: score rows are written whole. */
function everyColumn<T extends PgTable>(table: T) {
  return Object.keys(getTableColumns(table)) as Array<keyof T['$inferInsert'] & string>;
}

/**
 * Writes score rows with COPY on a server (db/bulk.ts copyRows; insertJson on
 * PGlite), for a caller that sends nothing else on `tx` until it returns.
 */
export async function copyScores(
  tx: Db,
  analysts: Iterable<ScoreRow>,
  crowd: Iterable<CrowdRow>,
  aggregates: Iterable<AggregateRow>,
): Promise<void> {
  await copyRows(tx, questionScores, everyColumn(questionScores), analysts);
  await copyRows(tx, crowdScores, everyColumn(crowdScores), crowd);
  await copyRows(tx, aggregateScores, everyColumn(aggregateScores), aggregates);
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

/**
 * The questions with their standing (latest) resolution, if any, by id: the
 * rollups' sums are added in this order, so a rescore of the same questions
 * gives the same sums to the bit, whatever order their rows lie in.
 */
export async function questionsWithStanding(tx: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const [qs, standing] = await Promise.all([
    tx.select().from(questions).where(inArray(questions.id, ids)).orderBy(questions.id),
    tx
      .selectDistinctOn([resolutions.questionId])
      .from(resolutions)
      .where(inArray(resolutions.questionId, ids))
      .orderBy(resolutions.questionId, desc(resolutions.id)),
  ]);
  const byQ = new Map(standing.map((r) => [r.questionId, r]));
  return qs.map((q) => ({ question: q, standing: byQ.get(q.id) }));
}
