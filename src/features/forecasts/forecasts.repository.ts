import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { forecasts, questions, users } from '../../db/schema';

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
