/**
 * Stored scores and their rollups. Rollups hold running sums per analyst and
 * tag ('' = every question) and grouped calibration events, so the leaderboard
 * and calibration read a few hundred rows instead of every score row.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';
import { insertJson } from '../../db/bulk';
import {
  analystRollups,
  calibrationRollups,
  crowdRollups,
  crowdScores,
  forecasts,
  memberships,
  questions,
  questionScores,
  resolutions,
  teams,
  users,
} from '../../db/schema';

export type ScoreRow = typeof questionScores.$inferSelect;
export type CrowdRow = typeof crowdScores.$inferSelect;


export async function forecastsForScoring(tx: Db, questionIds: number[]) {
  if (questionIds.length === 0) return [];
  return tx
    .select({ id: forecasts.id, questionId: forecasts.questionId, userId: forecasts.userId, createdAt: forecasts.createdAt, probs: forecasts.probs })
    .from(forecasts)
    .where(inArray(forecasts.questionId, questionIds));
}

/** Removes the stored scores of several questions, returning what they were. */
export async function deleteScoresOf(tx: Db, questionIds: number[]): Promise<{ analysts: ScoreRow[]; crowd: CrowdRow[] }> {
  if (questionIds.length === 0) return { analysts: [], crowd: [] };
  const analysts = await tx.delete(questionScores).where(inArray(questionScores.questionId, questionIds)).returning();
  const crowd = await tx.delete(crowdScores).where(inArray(crowdScores.questionId, questionIds)).returning();
  return { analysts, crowd };
}

const SCORE_COLUMNS = {
  question_id: 'int',
  user_id: 'int',
  end_at: 'timestamptz',
  outcome: 'int',
  final_brier: 'float8',
  time_weighted_brier: 'float8',
  relative_brier: 'float8',
  final_log_loss: 'float8',
  final_probs: 'float8[]',
  scored_forecasts: 'int',
};

export async function insertScores(tx: Db, rows: ScoreRow[]): Promise<void> {
  await insertJson(
    tx,
    questionScores,
    SCORE_COLUMNS,
    rows.map((r) => ({
      question_id: r.questionId,
      user_id: r.userId,
      end_at: r.end.toISOString(),
      outcome: r.outcome,
      final_brier: r.finalBrier,
      time_weighted_brier: r.timeWeightedBrier,
      relative_brier: r.relativeBrier,
      final_log_loss: r.finalLogLoss,
      final_probs: r.finalProbs,
      scored_forecasts: r.scoredForecasts,
    })),
  );
}

export async function insertCrowdScores(tx: Db, rows: CrowdRow[]): Promise<void> {
  await insertJson(
    tx,
    crowdScores,
    { question_id: 'int', end_at: 'timestamptz', time_weighted_brier: 'float8', final_brier: 'float8', final_log_loss: 'float8' },
    rows.map((r) => ({
      question_id: r.questionId,
      end_at: r.end.toISOString(),
      time_weighted_brier: r.timeWeightedBrier,
      final_brier: r.finalBrier,
      final_log_loss: r.finalLogLoss,
    })),
  );
}

export type AnalystRollupRow = typeof analystRollups.$inferSelect;
export type CrowdRollupRow = typeof crowdRollups.$inferSelect;
export type CalibrationRollupRow = typeof calibrationRollups.$inferSelect;

/**
 * Adds deltas to the rollups (insert, or add to the existing sums), then drops
 * the rows left empty. Rows are sorted by key so concurrent resolutions lock
 * rollup rows in the same order and cannot deadlock.
 */
export async function applyRollupDeltas(
  tx: Db,
  d: { analysts: AnalystRollupRow[]; crowd: CrowdRollupRow[]; calibration: CalibrationRollupRow[] },
): Promise<void> {
  const a = [...d.analysts].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : x.userId - y.userId));
  const c = [...d.crowd].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0));
  const k = [...d.calibration].sort((x, y) => x.userId - y.userId || x.p - y.p);
  // Rows an upsert leaves empty come back through RETURNING and are deleted by key:
  // a table-wide "where n <= 0" would scan every rollup row on every resolution.
  const emptyA = await insertJson<{ tag: string; user_id: number; questions: number }>(
    tx,
    analystRollups,
    {
      user_id: 'int',
      tag: 'text',
      questions: 'int',
      sum_brier: 'float8',
      sum_time_weighted_brier: 'float8',
      sum_sq_time_weighted_brier: 'float8',
      sum_log_loss: 'float8',
      relative_questions: 'int',
      sum_relative_brier: 'float8',
    },
    a.map((r) => ({
      user_id: r.userId,
      tag: r.tag,
      questions: r.questions,
      sum_brier: r.sumBrier,
      sum_time_weighted_brier: r.sumTimeWeightedBrier,
      sum_sq_time_weighted_brier: r.sumSqTimeWeightedBrier,
      sum_log_loss: r.sumLogLoss,
      relative_questions: r.relativeQuestions,
      sum_relative_brier: r.sumRelativeBrier,
    })),
    sql`on conflict (tag, user_id) do update set
      questions = ${analystRollups}.questions + excluded.questions,
      sum_brier = ${analystRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${analystRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_sq_time_weighted_brier = ${analystRollups}.sum_sq_time_weighted_brier + excluded.sum_sq_time_weighted_brier,
      sum_log_loss = ${analystRollups}.sum_log_loss + excluded.sum_log_loss,
      relative_questions = ${analystRollups}.relative_questions + excluded.relative_questions,
      sum_relative_brier = ${analystRollups}.sum_relative_brier + excluded.sum_relative_brier
      returning tag, user_id, questions`,
  ).then((rows) => rows.filter((r) => Number(r.questions) <= 0));
  const emptyC = await insertJson<{ tag: string; questions: number }>(
    tx,
    crowdRollups,
    { tag: 'text', questions: 'int', sum_brier: 'float8', sum_time_weighted_brier: 'float8', sum_log_loss: 'float8' },
    c.map((r) => ({ tag: r.tag, questions: r.questions, sum_brier: r.sumBrier, sum_time_weighted_brier: r.sumTimeWeightedBrier, sum_log_loss: r.sumLogLoss })),
    sql`on conflict (tag) do update set
      questions = ${crowdRollups}.questions + excluded.questions,
      sum_brier = ${crowdRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${crowdRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_log_loss = ${crowdRollups}.sum_log_loss + excluded.sum_log_loss
      returning tag, questions`,
  ).then((rows) => rows.filter((r) => Number(r.questions) <= 0));
  const emptyK = await insertJson<{ user_id: number; p: number; n: number }>(
    tx,
    calibrationRollups,
    { user_id: 'int', p: 'float8', n: 'int', hits: 'int' },
    k.map((r) => ({ user_id: r.userId, p: r.p, n: r.n, hits: r.hits })),
    sql`on conflict (user_id, p) do update set
      n = ${calibrationRollups}.n + excluded.n,
      hits = ${calibrationRollups}.hits + excluded.hits
      returning user_id, p, n`,
  ).then((rows) => rows.filter((r) => Number(r.n) <= 0));
  for (const r of emptyA) {
    await tx.delete(analystRollups).where(and(eq(analystRollups.tag, r.tag), eq(analystRollups.userId, Number(r.user_id)), sql`${analystRollups.questions} <= 0`));
  }
  if (emptyC.length) await tx.delete(crowdRollups).where(and(inArray(crowdRollups.tag, emptyC.map((r) => r.tag)), sql`${crowdRollups.questions} <= 0`));
  for (const r of emptyK) {
    await tx
      .delete(calibrationRollups)
      .where(and(eq(calibrationRollups.userId, Number(r.user_id)), eq(calibrationRollups.p, Number(r.p)), sql`${calibrationRollups.n} <= 0`));
  }
}

export async function clearAllScores(tx: Db): Promise<void> {
  await tx.execute(sql`truncate ${questionScores}, ${crowdScores}, ${analystRollups}, ${crowdRollups}, ${calibrationRollups}`);
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

export async function questionsWithStanding(tx: Db, ids: number[]) {
  if (ids.length === 0) return [];
  const qs = await tx.select().from(questions).where(inArray(questions.id, ids));
  const rs = await queryRows<{ question_id: number; outcome: number | null; annulled: boolean; occurred_at: string | Date | null; resolved_at: string | Date }>(
    tx,
    sql`select distinct on (question_id) question_id, outcome, annulled, occurred_at, resolved_at
        from ${resolutions} where question_id in ${ids} order by question_id, id desc`,
  );
  const byQ = new Map(rs.map((r) => [Number(r.question_id), r]));
  return qs.map((q) => ({ question: q, standing: byQ.get(q.id) }));
}

// ---- Reading ----

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
    .where(and(eq(analystRollups.tag, tag), sql`${analystRollups.questions} > 0`, userIds ? inArray(analystRollups.userId, userIds) : undefined));
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

/** Grouped calibration events from the rollups (every question), for one analyst, some, or everyone. */
export async function calibrationGroups(db: Db, userIds?: number[]) {
  if (userIds && userIds.length === 0) return [];
  const rows = await db
    .select({ p: calibrationRollups.p, n: sql<number>`sum(${calibrationRollups.n})::int`, hits: sql<number>`sum(${calibrationRollups.hits})::int` })
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
    .select({ s: questionScores, key: questions.key, title: questions.title, type: questions.type, options: questions.options, tags: questions.tags, crowdTwb: crowdScores.timeWeightedBrier })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .leftJoin(crowdScores, eq(crowdScores.questionId, questionScores.questionId))
    .where(and(...scoreConds({ ...f, userId }, undefined)))
    .orderBy(desc(questionScores.end), asc(questions.key));
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
