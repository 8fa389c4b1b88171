import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { lockThenWrite, toNumber, type Db } from '../../db/client';
import { forecasts, questions, resolutions, users } from '../../db/schema';
import type { QuestionType } from '../../domain/questions';

export type ForecastRow = typeof forecasts.$inferSelect;

export async function insertForecast(db: Db, values: typeof forecasts.$inferInsert): Promise<ForecastRow> {
  const [row] = await db.insert(forecasts).values(values).returning();
  return row!;
}

/*
 * The forecast write path (POST /api/questions/{key}/forecasts) is two raw
 * statements in one transaction of two round trips (db/client lockThenWrite),
 * not drizzle's query builder: building a query costs more CPU than the
 * database spends running it, and each round trip costs more than both
 * (docs/performance.md, bench:load). Times travel as epoch milliseconds and
 * ISO strings, which both drivers read and write alike.
 */

export interface LockedQuestion {
  id: number;
  type: QuestionType;
  options: string[] | null;
  opensAt: Date;
  closesAt: Date;
}

/** What to write once the question is locked, decided by the service (it may throw instead). */
export interface ForecastWrite {
  /** Whether the question's times accept a forecast now (the statement still checks for a resolution). */
  open: boolean;
  userId: number;
  at: Date;
  probs: number[];
  rationale: string | null;
  /** The audit entry's subject. */
  subject: string;
}

const LOCK_QUESTION = `select id, type, options::text as options,
    (extract(epoch from opens_at) * 1000)::float8 as opens,
    (extract(epoch from closes_at) * 1000)::float8 as closes
  from questions where key = $1 for share`;

/** $1 question id, $2 user id, $3 time, $4 probs (array literal), $5 rationale, $6 open, $7 audit subject, $8 probs (JSON). */
const INSERT_FORECAST = `with standing as (
    select annulled from resolutions where question_id = $1 order by id desc limit 1
  ), f as (
    insert into forecasts (question_id, user_id, created_at, probs, rationale)
    select $1, $2, $3::timestamptz, $4::float8[], $5
    where $6::boolean and not exists (select 1 from standing)
    returning id
  ), a as (
    insert into audit_log (at, actor_id, action, subject, details)
    select $3::timestamptz, $2, 'forecast.create', $7, jsonb_build_object('id', f.id, 'probs', $8::jsonb)
    from f
  )
  select (select id from f)::text as id, (select annulled from standing) as annulled`;

/**
 * Locks a question's row in share mode and hands it to `decide`, then, unless
 * a resolution stands (or `open` is false), inserts the forecast and its audit
 * entry ('forecast.create', details {id, probs}, as audit.repository's
 * recordAudit writes them) in one statement, and commits.
 *
 * Forecasts do not exclude each other, only a resolution or an edit of the
 * question, which lock the row FOR UPDATE (questions.repository lockQuestion):
 * a resolution waits for the forecasts holding the row, and a forecast that
 * comes after a resolution waits for it to commit and then sees it, as the
 * second statement reads a snapshot taken after the lock.
 *
 * Returns the new forecast's id, or null with the standing resolution's
 * `annulled` (null when none stands) when nothing was written.
 */
export async function lockAndInsertForecast(
  db: Db,
  key: string,
  decide: (q: LockedQuestion | undefined) => ForecastWrite,
): Promise<{ question: LockedQuestion; id: number | null; annulled: boolean | null }> {
  let question: LockedQuestion | undefined;
  const { written } = await lockThenWrite<
    { id: number; type: QuestionType; options: string | null; opens: unknown; closes: unknown },
    { id: unknown; annulled: boolean | null }
  >(db, { text: LOCK_QUESTION, params: [key] }, ([row]) => {
    question = row && {
      id: row.id,
      type: row.type,
      options: row.options === null ? null : (JSON.parse(row.options) as string[] | null),
      opensAt: new Date(toNumber(row.opens)),
      closesAt: new Date(toNumber(row.closes)),
    };
    const f = decide(question);
    const at = f.at.toISOString();
    return {
      text: INSERT_FORECAST,
      params: [
        question!.id,
        f.userId,
        at,
        `{${f.probs.join(',')}}`,
        f.rationale,
        f.open,
        f.subject,
        JSON.stringify(f.probs),
      ],
    };
  });
  const row = written[0];
  return {
    question: question!,
    id: row?.id != null ? toNumber(row.id) : null,
    annulled: row?.annulled ?? null,
  };
}

/** A question's forecasts, oldest first (by createdAt, then id: docs/scoring.md's order). */
export async function forecastsOfQuestion(db: Db, questionId: number, onlyUserId?: number) {
  return db
    .select({ f: forecasts, handle: users.handle })
    .from(forecasts)
    .innerJoin(users, eq(users.id, forecasts.userId))
    .where(
      onlyUserId === undefined
        ? eq(forecasts.questionId, questionId)
        : and(eq(forecasts.questionId, questionId), eq(forecasts.userId, onlyUserId)),
    )
    .orderBy(asc(forecasts.createdAt), asc(forecasts.id));
}

export async function hasForecast(db: Db, questionId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: forecasts.id })
    .from(forecasts)
    .where(and(eq(forecasts.questionId, questionId), eq(forecasts.userId, userId)))
    .limit(1);
  return row !== undefined;
}

/** A user's forecasts across questions, newest first, keyset-paged by id. */
export async function forecastsOfUser(db: Db, userId: number, beforeId: number | undefined, limit: number) {
  return db
    .select({ f: forecasts, key: questions.key, title: questions.title, type: questions.type })
    .from(forecasts)
    .innerJoin(questions, eq(questions.id, forecasts.questionId))
    .where(
      beforeId === undefined
        ? eq(forecasts.userId, userId)
        : and(eq(forecasts.userId, userId), lt(forecasts.id, beforeId)),
    )
    .orderBy(desc(forecasts.id))
    .limit(limit);
}

/**
 * Each analyst's standing (latest, by createdAt then id) forecast on each of
 * the questions, or only `onlyUserId`'s when given.
 */
export async function standingForecasts(db: Db, questionIds: number[], onlyUserId?: number) {
  if (questionIds.length === 0) return [];
  return db
    .selectDistinctOn([forecasts.questionId, forecasts.userId], { f: forecasts, handle: users.handle })
    .from(forecasts)
    .innerJoin(users, eq(users.id, forecasts.userId))
    .where(
      onlyUserId === undefined
        ? inArray(forecasts.questionId, questionIds)
        : and(inArray(forecasts.questionId, questionIds), eq(forecasts.userId, onlyUserId)),
    )
    .orderBy(forecasts.questionId, forecasts.userId, desc(forecasts.createdAt), desc(forecasts.id));
}

/** The questions open at `now` (opened, not closed, never resolved) that a user has forecast on, closing soonest first. */
export async function openQuestionsForecastBy(db: Db, userId: number, now: Date) {
  const at = now.toISOString();
  return db
    .select({
      id: questions.id,
      key: questions.key,
      title: questions.title,
      type: questions.type,
      options: questions.options,
      closesAt: questions.closesAt,
    })
    .from(questions)
    .leftJoin(resolutions, eq(resolutions.questionId, questions.id))
    .where(
      and(
        isNull(resolutions.id),
        lte(questions.opensAt, sql`${at}::timestamptz`),
        gt(questions.closesAt, sql`${at}::timestamptz`),
        sql`exists (select 1 from ${forecasts} f where f.question_id = ${questions.id} and f.user_id = ${userId})`,
      ),
    )
    .orderBy(asc(questions.closesAt), asc(questions.key));
}
