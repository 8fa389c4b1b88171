import { asc, inArray, sql } from 'drizzle-orm';
import { queryRows, toNumber, type Db } from '../../db/client';
import { insertJson } from '../../db/bulk';
import { forecastCrowd, forecasts, questionCrowd, questions, resolutions } from '../../db/schema';

/** Stores the crowd standing just after a forecast, and as the question's crowd now. */
export async function writeCrowdAfter(
  tx: Db,
  row: { forecastId: number; questionId: number; at: Date },
  probs: number[],
): Promise<void> {
  await tx
    .insert(forecastCrowd)
    .values({ forecastId: row.forecastId, probs })
    .onConflictDoUpdate({ target: forecastCrowd.forecastId, set: { probs } });
  await tx
    .insert(questionCrowd)
    .values({ questionId: row.questionId, probs, at: row.at })
    .onConflictDoUpdate({ target: questionCrowd.questionId, set: { probs, at: row.at } });
}

/** Of the given questions, those no resolution stands on, with their types. */
export async function unresolvedQuestions(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: questions.id, type: questions.type })
    .from(questions)
    .where(
      sql`${inArray(questions.id, ids)} and not exists (select 1 from ${resolutions} r where r.question_id = ${questions.id})`,
    );
}

/** Every forecast of the questions, in scoring order (createdAt, then id). */
export async function forecastsOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: forecasts.id,
      questionId: forecasts.questionId,
      userId: forecasts.userId,
      createdAt: forecasts.createdAt,
      probs: forecasts.probs,
    })
    .from(forecasts)
    .where(inArray(forecasts.questionId, ids))
    .orderBy(asc(forecasts.questionId), asc(forecasts.createdAt), asc(forecasts.id));
}

export async function replaceCrowdSnapshots(
  tx: Db,
  perForecast: Array<{ forecastId: number; probs: number[] }>,
  perQuestion: Array<{ questionId: number; probs: number[]; at: Date }>,
): Promise<void> {
  await insertJson(tx, forecastCrowd, perForecast, {
    tail: sql`on conflict (forecast_id) do update set probs = excluded.probs`,
  });
  await insertJson(tx, questionCrowd, perQuestion, {
    tail: sql`on conflict (question_id) do update set probs = excluded.probs, at = excluded.at`,
  });
}

/** Serialises the crowd writers of one question (a transaction-scoped advisory lock; forecasts are not blocked). */
export async function lockQuestionCrowd(tx: Db, questionId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CROWD_LOCK_CLASS}, ${questionId})`);
}
const CROWD_LOCK_CLASS = 0x63726f77; // 'crow'

/** Unresolved questions not yet closed at `now` with a forecast that has no crowd snapshot. */
export async function openQuestionsMissingSnapshots(db: Db, now: Date): Promise<number[]> {
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`
    select distinct f.question_id as id
      from ${forecasts} f
      join ${questions} q on q.id = f.question_id
     where q.closes_at > ${now.toISOString()}::timestamptz
       and not exists (select 1 from ${resolutions} r where r.question_id = q.id)
       and not exists (select 1 from ${forecastCrowd} fc where fc.forecast_id = f.id)`,
  );
  return rows.map((r) => toNumber(r.id));
}
