import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { forecasts, questions, resolutions, users } from '../../db/schema';

export type ForecastRow = typeof forecasts.$inferSelect;

export async function insertForecast(db: Db, values: typeof forecasts.$inferInsert): Promise<ForecastRow> {
  const [row] = await db.insert(forecasts).values(values).returning();
  return row!;
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
