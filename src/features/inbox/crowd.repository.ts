import { inArray, sql } from 'drizzle-orm';
import { queryRows, toNumber, type Db } from '../../db/client';
import { insertJson } from '../../db/bulk';
import { forecastCrowd, forecasts, questionCrowd, questions, resolutions } from '../../db/schema';

/**
 * For each question, its forecasts made at or after `from`, preceded by each
 * analyst's last forecast before it: enough to know the crowd at every
 * instant from `from` on. In one statement, grouped by question, each in
 * scoring order; `since` marks the rows from `from` on.
 *
 * The forecasts before `from` are found analyst by analyst on
 * forecasts_question_user_idx: the question's analysts one index probe each
 * (a recursive skip scan), then each one's last forecast before `from`. So a
 * pass costs the number of analysts, not the length of the history: reading
 * the whole history (`distinct on (user_id)`) took 43 ms a pass at 20,000
 * forecasts a question and 147 ms at 60,000 (docs/performance.md).
 */
export async function historiesFrom(
  db: Db,
  wanted: ReadonlyArray<{ questionId: number; from: Date }>,
): Promise<
  Array<{ questionId: number; id: number; userId: number; createdAt: Date; probs: number[]; since: boolean }>
> {
  if (wanted.length === 0) return [];
  const ids = `{${wanted.map((w) => w.questionId).join(',')}}`;
  const froms = `{${wanted.map((w) => `"${w.from.toISOString()}"`).join(',')}}`;
  const rows = await queryRows<{
    question_id: unknown;
    id: unknown;
    user_id: unknown;
    ms: unknown;
    probs: number[];
    since: unknown;
  }>(
    db,
    sql`
    select p.qid as question_id, h.id, h.user_id, (extract(epoch from h.created_at) * 1000)::float8 as ms,
           h.probs, h.since
      from unnest(${ids}::int[], ${froms}::timestamptz[]) as p(qid, t0)
     cross join lateral (
      (with recursive analyst(uid) as (
         (select f.user_id from ${forecasts} f where f.question_id = p.qid order by f.user_id limit 1)
         union all
         select (select f.user_id from ${forecasts} f
                  where f.question_id = p.qid and f.user_id > a.uid order by f.user_id limit 1)
           from analyst a where a.uid is not null)
       select last.* from analyst cross join lateral (
         select f.id, f.user_id, f.created_at, f.probs, false as since
           from ${forecasts} f
          where f.question_id = p.qid and f.user_id = analyst.uid and f.created_at < p.t0
          order by f.created_at desc, f.id desc limit 1) last)
      union all
      (select f.id, f.user_id, f.created_at, f.probs, true
         from ${forecasts} f
        where f.question_id = p.qid and f.created_at >= p.t0)
     ) h
     order by p.qid, h.created_at, h.id`,
  );
  return rows.map((r) => ({
    questionId: toNumber(r.question_id),
    id: toNumber(r.id),
    userId: toNumber(r.user_id),
    createdAt: new Date(toNumber(r.ms)),
    probs: r.probs.map(Number),
    since: r.since === true || r.since === 't',
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

/**
 * Serialises the crowd writers of each question (transaction-scoped advisory
 * locks, taken in id order so two writers cannot deadlock; forecasts are not
 * blocked).
 */
export async function lockQuestionsCrowd(tx: Db, questionIds: readonly number[]): Promise<void> {
  const ids = `{${[...questionIds].sort((a, b) => a - b).join(',')}}`;
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(${CROWD_LOCK_CLASS}, q.id)) from (select unnest(${ids}::int[]) as id order by 1) q`,
  );
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
