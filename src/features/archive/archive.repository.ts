import { asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { forecasts, memberships, questions, resolutions, teams, users } from '../../db/schema';

const BATCH = 5000;

/** Keeps writers off the ledger for the rest of the transaction; readers are not blocked. */
export async function lockLedgerForImport(tx: Db): Promise<void> {
  await tx.execute(sql`lock table ${teams}, ${users}, ${memberships}, ${questions}, ${forecasts}, ${resolutions} in share row exclusive mode`);
}

export async function allTeams(db: Db) {
  return db.select().from(teams).orderBy(asc(teams.key));
}

export async function allUsers(db: Db) {
  return db.select().from(users).orderBy(asc(users.handle));
}

export async function allMemberships(db: Db) {
  return db.select().from(memberships);
}

export async function allQuestions(db: Db) {
  return db.select().from(questions).orderBy(asc(questions.id));
}

export async function resolutionsOfQuestions(db: Db, questionIds: number[] | 'all') {
  if (questionIds !== 'all' && questionIds.length === 0) return [];
  return db
    .select()
    .from(resolutions)
    .where(questionIds === 'all' ? undefined : inArray(resolutions.questionId, questionIds))
    .orderBy(asc(resolutions.id));
}

export async function forecastsOfQuestions(db: Db, questionIds: number[]) {
  if (questionIds.length === 0) return [];
  return db
    .select({ questionId: forecasts.questionId, userId: forecasts.userId, createdAt: forecasts.createdAt, probs: forecasts.probs, rationale: forecasts.rationale })
    .from(forecasts)
    .where(inArray(forecasts.questionId, questionIds));
}

/** Forecasts in id order, a page at a time (for streaming an export). */
export async function forecastPage(db: Db, afterId: number, limit: number) {
  return db
    .select({ id: forecasts.id, questionId: forecasts.questionId, userId: forecasts.userId, createdAt: forecasts.createdAt, probs: forecasts.probs, rationale: forecasts.rationale })
    .from(forecasts)
    .where(gt(forecasts.id, afterId))
    .orderBy(asc(forecasts.id))
    .limit(limit);
}

export async function insertTeams(tx: Db, rows: Array<typeof teams.$inferInsert>) {
  if (rows.length === 0) return [];
  return tx.insert(teams).values(rows).returning({ id: teams.id, key: teams.key });
}

export async function insertUsers(tx: Db, rows: Array<typeof users.$inferInsert>) {
  const out: Array<{ id: number; handle: string }> = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    out.push(...(await tx.insert(users).values(rows.slice(i, i + BATCH)).returning({ id: users.id, handle: users.handle })));
  }
  return out;
}

export async function insertMemberships(tx: Db, rows: Array<typeof memberships.$inferInsert>) {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(memberships).values(rows.slice(i, i + BATCH)).onConflictDoNothing();
}

export async function insertQuestions(tx: Db, rows: Array<typeof questions.$inferInsert>) {
  const out: Array<{ id: number; key: string }> = [];
  for (let i = 0; i < rows.length; i += 2000) {
    out.push(...(await tx.insert(questions).values(rows.slice(i, i + 2000)).returning({ id: questions.id, key: questions.key })));
  }
  return out;
}

export interface ForecastInsert {
  questionId: number;
  userId: number;
  /** epoch ms */
  t: number;
  probs: number[];
  rationale: string | null;
}

/**
 * Inserts forecasts in the given order (ids ascend in that order). Each batch
 * travels as one JSON parameter expanded by json_to_recordset: one short
 * statement per 10,000 rows instead of 50,000 bound parameters, on both drivers.
 * JSON.stringify writes each double so that PostgreSQL reads back the same value.
 */
export async function insertForecasts(tx: Db, count: number, row: (i: number) => ForecastInsert, onProgress?: (n: number) => void) {
  const FORECAST_BATCH = 10_000;
  for (let i = 0; i < count; i += FORECAST_BATCH) {
    const end = Math.min(i + FORECAST_BATCH, count);
    const items: Array<{ n: number; q: number; u: number; t: string; p: number[]; r: string | null }> = [];
    for (let j = i; j < end; j++) {
      const f = row(j);
      items.push({ n: j, q: f.questionId, u: f.userId, t: new Date(f.t).toISOString(), p: f.probs, r: f.rationale });
    }
    await tx.execute(sql`
      insert into ${forecasts} (question_id, user_id, created_at, probs, rationale)
      select x.q, x.u, x.t, x.p, x.r
      from json_to_recordset(${JSON.stringify(items)}::json) as x(n int, q int, u int, t timestamptz, p float8[], r text)
      order by x.n`);
    onProgress?.(end - i);
  }
}

export async function insertResolutions(tx: Db, rows: Array<typeof resolutions.$inferInsert>) {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(resolutions).values(rows.slice(i, i + BATCH));
}

export async function userById(db: Db, id: number) {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}
