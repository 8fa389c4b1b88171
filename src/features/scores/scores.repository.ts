/**
 * Reading stored scores: the rollups for the leaderboard and calibration over
 * every question, and score rows for the filters the rollups do not cover.
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { byCodePoint, type Db } from '../../db/client';
import type { AggregateSums } from '../../domain/scoring';
import {
  aggregateRollups,
  aggregateScores,
  analystRollups,
  calibrationRollups,
  crowdRollups,
  crowdScores,
  memberships,
  pooledCalibrationRollups,
  pooledRecalibrationRollups,
  questions,
  questionScores,
  recalibrationRollups,
  teams,
  users,
} from '../../db/schema';

export type { AnalystRollupRow } from './rescoring.repository';

export interface ScoreFilter {
  tag?: string | undefined;
  teamKey?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  userId?: number | undefined;
}

export async function teamMemberIds(db: Db, teamKey: string): Promise<number[] | undefined> {
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.key, teamKey));
  if (!team) return undefined;
  const rows = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.teamId, team.id));
  return rows.map((r) => r.userId);
}

export async function analystRollupsFor(db: Db, tag: string, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({ r: analystRollups, handle: users.handle, displayName: users.displayName })
    .from(analystRollups)
    .innerJoin(users, eq(users.id, analystRollups.userId))
    .where(
      and(
        eq(analystRollups.tag, tag),
        sql`${analystRollups.questions} > 0`,
        userIds ? inArray(analystRollups.userId, userIds) : undefined,
      ),
    );
}

export async function crowdRollupFor(db: Db, tag: string) {
  const [row] = await db.select().from(crowdRollups).where(eq(crowdRollups.tag, tag));
  return row;
}

function scoreConds(f: ScoreFilter, userIds?: number[]): SQL[] {
  const conds: SQL[] = [];
  if (f.tag) conds.push(sql`${questions.tags} @> array[${f.tag}]::text[]`);
  if (f.from) conds.push(gte(questionScores.end, f.from));
  if (f.to) conds.push(lt(questionScores.end, f.to));
  if (f.userId !== undefined) conds.push(eq(questionScores.userId, f.userId));
  if (userIds) conds.push(inArray(questionScores.userId, userIds));
  return conds;
}

/** Per-analyst sums over score rows, for filters the rollups do not cover (the window). */
export async function analystSumsFiltered(db: Db, f: ScoreFilter, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({
      userId: questionScores.userId,
      handle: users.handle,
      displayName: users.displayName,
      questions: sql<number>`count(*)::int`,
      sumBrier: sql<number>`sum(${questionScores.finalBrier})::float8`,
      sumTimeWeightedBrier: sql<number>`sum(${questionScores.timeWeightedBrier})::float8`,
      sumSqTimeWeightedBrier: sql<number>`sum(${questionScores.timeWeightedBrier} * ${questionScores.timeWeightedBrier})::float8`,
      sumLogLoss: sql<number>`sum(${questionScores.finalLogLoss})::float8`,
      relativeQuestions: sql<number>`count(${questionScores.relativeBrier})::int`,
      sumRelativeBrier: sql<number>`coalesce(sum(${questionScores.relativeBrier}), 0)::float8`,
    })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .innerJoin(users, eq(users.id, questionScores.userId))
    .where(and(...scoreConds(f, userIds)))
    .groupBy(questionScores.userId, users.handle, users.displayName);
}

/** The crowd's sums over the questions at least one of `userIds` (or anyone) participated in. */
export async function crowdSumsFiltered(db: Db, f: ScoreFilter, userIds?: number[]) {
  if (userIds && userIds.length === 0) return { questions: 0, sumBrier: 0, sumTimeWeightedBrier: 0, sumLogLoss: 0 };
  const conds: SQL[] = [];
  if (f.tag) conds.push(sql`${questions.tags} @> array[${f.tag}]::text[]`);
  if (f.from) conds.push(gte(crowdScores.end, f.from));
  if (f.to) conds.push(lt(crowdScores.end, f.to));
  if (userIds) {
    conds.push(
      sql`exists (select 1 from ${questionScores} s where s.question_id = ${crowdScores.questionId} and s.user_id in ${userIds})`,
    );
  }
  const [row] = await db
    .select({
      questions: sql<number>`count(*)::int`,
      sumBrier: sql<number>`coalesce(sum(${crowdScores.finalBrier}), 0)::float8`,
      sumTimeWeightedBrier: sql<number>`coalesce(sum(${crowdScores.timeWeightedBrier}), 0)::float8`,
      sumLogLoss: sql<number>`coalesce(sum(${crowdScores.finalLogLoss}), 0)::float8`,
    })
    .from(crowdScores)
    .innerJoin(questions, eq(questions.id, crowdScores.questionId))
    .where(conds.length ? and(...conds) : undefined);
  return {
    questions: Number(row?.questions ?? 0),
    sumBrier: Number(row?.sumBrier ?? 0),
    sumTimeWeightedBrier: Number(row?.sumTimeWeightedBrier ?? 0),
    sumLogLoss: Number(row?.sumLogLoss ?? 0),
  };
}

/**
 * Grouped calibration events from the rollups (every question), for one
 * analyst, some, or everyone (the pooled rollup, already summed).
 */
export async function calibrationGroups(db: Db, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  if (!userIds) {
    const pooled = await db.select().from(pooledCalibrationRollups);
    return pooled.map((r) => ({ p: Number(r.p), n: Number(r.n), hits: Number(r.hits) }));
  }
  const rows = await db
    .select({
      p: calibrationRollups.p,
      n: sql<number>`sum(${calibrationRollups.n})::int`,
      hits: sql<number>`sum(${calibrationRollups.hits})::int`,
    })
    .from(calibrationRollups)
    .where(userIds ? inArray(calibrationRollups.userId, userIds) : undefined)
    .groupBy(calibrationRollups.p);
  return rows.map((r) => ({ p: Number(r.p), n: Number(r.n), hits: Number(r.hits) }));
}

/** Score rows with their question's type, for filters the rollups do not cover. */
export async function scoreRowsFiltered(db: Db, f: ScoreFilter, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({ type: questions.type, finalProbs: questionScores.finalProbs, outcome: questionScores.outcome })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .where(and(...scoreConds(f, userIds)));
}

export async function questionScoreRows(db: Db, questionId: number) {
  return db
    .select({ s: questionScores, handle: users.handle })
    .from(questionScores)
    .innerJoin(users, eq(users.id, questionScores.userId))
    .where(eq(questionScores.questionId, questionId));
}

export async function crowdScoreOf(db: Db, questionId: number) {
  const [row] = await db.select().from(crowdScores).where(eq(crowdScores.questionId, questionId));
  return row;
}

/** One analyst's scored questions, newest window end first. */
export async function userScoreRows(db: Db, userId: number, f: ScoreFilter) {
  return db
    .select({
      s: questionScores,
      key: questions.key,
      title: questions.title,
      type: questions.type,
      options: questions.options,
      tags: questions.tags,
      crowdTwb: crowdScores.timeWeightedBrier,
    })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .leftJoin(crowdScores, eq(crowdScores.questionId, questionScores.questionId))
    .where(and(...scoreConds({ ...f, userId }, undefined)))
    .orderBy(desc(questionScores.end), byCodePoint(questions.key));
}

/** The users with at least one score row (so at least one calibration event) under a filter. */
export async function poolForecasterIds(db: Db, f: ScoreFilter, userIds?: number[]): Promise<number[]> {
  if (userIds && userIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: questionScores.userId })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .where(and(...scoreConds(f, userIds)));
  return rows.map((r) => r.userId);
}

/** Per analyst and calendar month of the window's end (UTC): sums of TWB. */
export async function monthlySums(db: Db, f: ScoreFilter, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({
      handle: users.handle,
      month: sql<string>`to_char(${questionScores.end} at time zone 'UTC', 'YYYY-MM')`,
      questions: sql<number>`count(*)::int`,
      sumTimeWeightedBrier: sql<number>`sum(${questionScores.timeWeightedBrier})::float8`,
    })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .innerJoin(users, eq(users.id, questionScores.userId))
    .where(and(...scoreConds(f, userIds)))
    .groupBy(users.handle, sql`2`);
}

/** One question's aggregate rows (any order). */
export async function aggregateScoresOf(db: Db, questionId: number) {
  return db.select().from(aggregateScores).where(eq(aggregateScores.questionId, questionId));
}

/** The aggregates' running sums for a tag ('' = every question). */
export async function aggregateRollupsFor(db: Db, tag: string): Promise<AggregateSums[]> {
  const rows = await db.select().from(aggregateRollups).where(eq(aggregateRollups.tag, tag));
  return rows.map(({ tag: _tag, ...r }) => r);
}

/**
 * The aggregates' sums over the questions the leaderboard's crowd row covers
 * (tag, window on the end, and at least one of `userIds` participated),
 * for the filters the rollups do not cover. Each row is paired with its
 * question's median row for the differences. The question row is read only
 * for a tag (a semi-join): joining it without one cost a third of the time
 * (docs/performance.md).
 */
export async function aggregateSumsFiltered(db: Db, f: ScoreFilter, userIds?: number[]): Promise<AggregateSums[]> {
  if (userIds && userIds.length === 0) return [];
  const conds: SQL[] = [];
  if (f.tag) {
    conds.push(
      sql`exists (select 1 from ${questions} q where q.id = ${aggregateScores.questionId} and q.tags @> array[${f.tag}]::text[])`,
    );
  }
  if (f.from) conds.push(gte(aggregateScores.end, f.from));
  if (f.to) conds.push(lt(aggregateScores.end, f.to));
  if (userIds) {
    conds.push(
      sql`exists (select 1 from ${questionScores} s where s.question_id = ${aggregateScores.questionId} and s.user_id in ${userIds})`,
    );
  }
  const d = sql`(${aggregateScores.timeWeightedBrier} - m.time_weighted_brier)`;
  const rows = await db
    .select({
      name: aggregateScores.name,
      questions: sql<number>`count(*)::int`,
      sumBrier: sql<number>`sum(${aggregateScores.finalBrier})::float8`,
      sumTimeWeightedBrier: sql<number>`sum(${aggregateScores.timeWeightedBrier})::float8`,
      sumSqTimeWeightedBrier: sql<number>`sum(${aggregateScores.timeWeightedBrier} * ${aggregateScores.timeWeightedBrier})::float8`,
      sumLogLoss: sql<number>`sum(${aggregateScores.finalLogLoss})::float8`,
      sumVsMedian: sql<number>`sum(${d})::float8`,
      sumSqVsMedian: sql<number>`sum(${d} * ${d})::float8`,
    })
    .from(aggregateScores)
    .innerJoin(sql`${aggregateScores} m`, sql`m.question_id = ${aggregateScores.questionId} and m.name = 'median'`)
    .where(conds.length ? and(...conds) : undefined)
    .groupBy(aggregateScores.name);
  return rows.map((r) => ({
    name: r.name,
    questions: Number(r.questions),
    sumBrier: Number(r.sumBrier),
    sumTimeWeightedBrier: Number(r.sumTimeWeightedBrier),
    sumSqTimeWeightedBrier: Number(r.sumSqTimeWeightedBrier),
    sumLogLoss: Number(r.sumLogLoss),
    sumVsMedian: Number(r.sumVsMedian),
    sumSqVsMedian: Number(r.sumSqVsMedian),
  }));
}

/**
 * The recalibration terms from the rollups (every question), for one analyst,
 * some, or everyone (the pooled rollup, already summed).
 */
export async function recalibrationTermRows(db: Db, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  if (!userIds) {
    const pooled = await db.select().from(pooledRecalibrationRollups);
    return pooled.map((r) => ({ w: Number(r.w), U: Number(r.u), X: Number(r.x), O: Number(r.o), count: Number(r.n) }));
  }
  const rows = await db
    .select({
      w: recalibrationRollups.w,
      u: recalibrationRollups.u,
      x: recalibrationRollups.x,
      o: recalibrationRollups.o,
      n: sql<number>`sum(${recalibrationRollups.n})::int`,
    })
    .from(recalibrationRollups)
    .where(userIds ? inArray(recalibrationRollups.userId, userIds) : undefined)
    .groupBy(recalibrationRollups.w, recalibrationRollups.u, recalibrationRollups.x, recalibrationRollups.o);
  return rows.map((r) => ({ w: Number(r.w), U: Number(r.u), X: Number(r.x), O: Number(r.o), count: Number(r.n) }));
}

/** How many (analyst, question) scores the analysts have over every question: the recalibration's n. */
export async function scoredQuestionCount(db: Db, userIds?: number[]): Promise<number> {
  if (userIds && userIds.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${analystRollups.questions}), 0)::int` })
    .from(analystRollups)
    .where(and(eq(analystRollups.tag, ''), userIds ? inArray(analystRollups.userId, userIds) : undefined));
  return Number(row?.n ?? 0);
}
