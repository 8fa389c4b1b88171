import { asc, inArray, sql } from 'drizzle-orm';
import { queryRows, toNumber, type Db } from '../../db/client';
import { insertJson } from '../../db/bulk';
import { forecastCrowd, forecasts, questionCrowd, questions, resolutions } from '../../db/schema';

/**
 * A question's forecasts made at or after `from`, preceded by each analyst's
 * last forecast before it: enough to know the crowd at every
 * instant from `from` on without reading the whole history. In scoring order;
 * `since` marks the rows from `from` on.
 */
export async function historyFrom(
  db: Db,
  questionId: number,
  from: Date,
): Promise<Array<{ id: number; userId: number; createdAt: Date; probs: number[]; since: boolean }>> {
  const at = sql`${from.toISOString()}::timestamptz`;
  const rows = await queryRows<{ id: unknown; user_id: unknown; ms: unknown; probs: number[]; since: boolean }>(
    db,
    sql`
    select id, user_id, (extract(epoch from created_at) * 1000)::float8 as ms, probs, since from (
      (select distinct on (f.user_id) f.id, f.user_id, f.created_at, f.probs, false as since
         from ${forecasts} f
        where f.question_id = ${questionId} and f.created_at < ${at}
        order by f.user_id, f.created_at desc, f.id desc)
      union all
      (select f.id, f.user_id, f.created_at, f.probs, true
         from ${forecasts} f
        where f.question_id = ${questionId} and f.created_at >= ${at})
    ) h
    order by created_at, id`,
  );
  return rows.map((r) => ({
    id: toNumber(r.id),
    userId: toNumber(r.user_id),
    createdAt: new Date(toNumber(r.ms)),
    probs: r.probs.map(Number),
    since: r.since === true || (r.since as unknown) === 't',
  }));
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
