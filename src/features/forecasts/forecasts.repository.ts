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
 * (docs/performance.md, bench:load). Forecasts that arrive together share
 * the transaction (forecast-batches.ts). Times travel as epoch milliseconds
 * and ISO strings, which both drivers read and write alike.
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

/** A forecast to write: its question's key, and what to write once that question is locked. */
export interface ForecastRequest {
  key: string;
  decide: (q: LockedQuestion | undefined) => ForecastWrite;
}

/**
 * What became of one request: the new forecast's id, or null with the
 * standing resolution's `annulled` (null when none stands) when nothing was
 * written; or the error its `decide` threw.
 */
export type ForecastOutcome =
  { ok: true; question: LockedQuestion; id: number | null; annulled: boolean | null } | { ok: false; error: unknown };

const LOCK_QUESTIONS = `select id, key, type, options::text as options,
    (extract(epoch from opens_at) * 1000)::float8 as opens,
    (extract(epoch from closes_at) * 1000)::float8 as closes
  from questions where key = any($1::text[]) order by id for share`;

/**
 * $1 question ids, $2 user ids, $3 times, $4 probs (array literals), $5
 * rationales, $6 audit subjects, $7 probs (JSON): one element per forecast
 * whose question's times accept it, in the order they were accepted; $8 every
 * locked question's id. Each forecast gets its id from the identity's
 * sequence, in that order, so its audit entry names it; none is written on a
 * question a resolution stands on.
 */
const INSERT_FORECASTS = `with input as (
    select * from unnest($1::int[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
      with ordinality as i(question_id, user_id, at, probs, rationale, subject, probs_json, ord)
  ), standing as (
    select distinct on (question_id) question_id, annulled from resolutions
     where question_id = any($8::int[]) order by question_id, id desc
  ), ids as (
    select i.*, nextval(pg_get_serial_sequence('forecasts', 'id')) as id
      from (select * from input i
             where not exists (select 1 from standing s where s.question_id = i.question_id)
             order by i.ord) i
  ), f as (
    insert into forecasts (id, question_id, user_id, created_at, probs, rationale) overriding system value
    select id, question_id, user_id, at, probs::float8[], rationale from ids order by id
  ), a as (
    insert into audit_log (at, actor_id, action, subject, details)
    select at, user_id, 'forecast.create', subject, jsonb_build_object('id', id, 'probs', probs_json::jsonb)
      from ids order by id
  )
  select (select coalesce(json_agg(json_build_array(ord, id)), '[]') from ids)::text as written,
         (select coalesce(json_agg(json_build_array(question_id, annulled)), '[]') from standing)::text as standing`;

/**
 * Locks the questions of some forecast requests in share mode (in id order)
 * and hands each request its question, then, in one statement, inserts the
 * forecasts whose questions accept them and their audit entries
 * ('forecast.create', details {id, probs}, as audit.repository's recordAudit
 * writes them), and commits.
 *
 * Forecasts do not exclude each other, only a resolution or an edit of the
 * question, which lock the row FOR UPDATE (questions.repository lockQuestion):
 * a resolution waits for the forecasts holding the row, and a forecast that
 * comes after a resolution waits for it to commit and then sees it, as the
 * second statement reads a snapshot taken after the lock.
 */
export async function lockAndInsertForecasts(db: Db, requests: readonly ForecastRequest[]): Promise<ForecastOutcome[]> {
  const outcomes: Array<ForecastOutcome | undefined> = new Array(requests.length);
  const accepted: Array<{ index: number; question: LockedQuestion; write: ForecastWrite }> = [];
  const questionsById = new Map<number, LockedQuestion>();
  const { written } = await lockThenWrite<
    { id: number; key: string; type: QuestionType; options: string | null; opens: unknown; closes: unknown },
    { written: string; standing: string }
  >(db, { text: LOCK_QUESTIONS, params: [[...new Set(requests.map((r) => r.key))]] }, (rows) => {
    const byKey = new Map<string, LockedQuestion>();
    for (const row of rows) {
      const q: LockedQuestion = {
        id: row.id,
        type: row.type,
        options: row.options === null ? null : (JSON.parse(row.options) as string[] | null),
        opensAt: new Date(toNumber(row.opens)),
        closesAt: new Date(toNumber(row.closes)),
      };
      byKey.set(row.key, q);
      questionsById.set(q.id, q);
    }
    requests.forEach((r, index) => {
      const question = byKey.get(r.key);
      try {
        const write = r.decide(question);
        accepted.push({ index, question: question!, write });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    const open = accepted.filter((a) => a.write.open);
    const column = <T>(f: (w: ForecastWrite, q: LockedQuestion) => T) => open.map((a) => f(a.write, a.question));
    return {
      text: INSERT_FORECASTS,
      params: [
        column((_, q) => q.id),
        column((w) => w.userId),
        column((w) => w.at.toISOString()),
        column((w) => `{${w.probs.join(',')}}`),
        column((w) => w.rationale),
        column((w) => w.subject),
        column((w) => JSON.stringify(w.probs)),
        [...questionsById.keys()],
      ],
    };
  });
  const result = written[0]!;
  const standing = new Map((JSON.parse(result.standing) as Array<[number, boolean]>).map(([q, a]) => [q, a]));
  // ord counts the open forecasts from 1, in the order they were passed.
  const ids = new Map((JSON.parse(result.written) as Array<[number, unknown]>).map(([ord, id]) => [ord, toNumber(id)]));
  let ord = 0;
  for (const a of accepted) {
    const id = a.write.open ? (ids.get(++ord) ?? null) : null;
    outcomes[a.index] = { ok: true, question: a.question, id, annulled: standing.get(a.question.id) ?? null };
  }
  return outcomes as ForecastOutcome[];
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
