import { asc, gt, inArray, sql } from 'drizzle-orm';
import { byCodePoint, type Db } from '../../db/client';
import { copyRows } from '../../db/bulk';
import {
  clarifications,
  forecasts,
  memberships,
  questions,
  resolutions,
  suggestions,
  teams,
  users,
} from '../../db/schema';

const BATCH = 5000;

/** Keeps writers off the ledger for the rest of the transaction; readers are not blocked. */
export async function lockLedgerForImport(tx: Db): Promise<void> {
  await tx.execute(
    sql`lock table ${teams}, ${users}, ${memberships}, ${questions}, ${forecasts}, ${resolutions}, ${clarifications}, ${suggestions} in share row exclusive mode`,
  );
}

export async function allTeams(db: Db) {
  return db.select().from(teams).orderBy(byCodePoint(teams.key));
}

export async function allUsers(db: Db) {
  return db.select().from(users).orderBy(byCodePoint(users.handle));
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
    .select({
      questionId: forecasts.questionId,
      userId: forecasts.userId,
      createdAt: forecasts.createdAt,
      probs: forecasts.probs,
      rationale: forecasts.rationale,
    })
    .from(forecasts)
    .where(inArray(forecasts.questionId, questionIds));
}

/** Forecasts in id order, a page at a time (for streaming an export). */
export async function forecastPage(db: Db, afterId: number, limit: number) {
  return db
    .select({
      id: forecasts.id,
      questionId: forecasts.questionId,
      userId: forecasts.userId,
      createdAt: forecasts.createdAt,
      probs: forecasts.probs,
      rationale: forecasts.rationale,
    })
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
    out.push(
      ...(await tx
        .insert(users)
        .values(rows.slice(i, i + BATCH))
        .returning({ id: users.id, handle: users.handle })),
    );
  }
  return out;
}

export async function insertMemberships(tx: Db, rows: Array<typeof memberships.$inferInsert>) {
  for (let i = 0; i < rows.length; i += BATCH)
    await tx
      .insert(memberships)
      .values(rows.slice(i, i + BATCH))
      .onConflictDoNothing();
}

export async function insertQuestions(tx: Db, rows: Array<typeof questions.$inferInsert>) {
  const out: Array<{ id: number; key: string }> = [];
  for (let i = 0; i < rows.length; i += 2000) {
    out.push(
      ...(await tx
        .insert(questions)
        .values(rows.slice(i, i + 2000))
        .returning({ id: questions.id, key: questions.key })),
    );
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
 * Inserts forecasts in the given order (ids ascend in that order): one COPY
 * on a PostgreSQL server, statements of 10,000 rows on PGlite (db/bulk.ts).
 */
export async function insertForecasts(
  tx: Db,
  count: number,
  row: (i: number) => ForecastInsert,
  onProgress?: (n: number) => void,
) {
  function* rows() {
    for (let i = 0; i < count; i++) {
      const f = row(i);
      yield {
        questionId: f.questionId,
        userId: f.userId,
        createdAt: new Date(f.t),
        probs: f.probs,
        rationale: f.rationale,
      };
    }
  }
  await copyRows(tx, forecasts, ['questionId', 'userId', 'createdAt', 'probs', 'rationale'], rows(), onProgress);
}

export async function insertResolutions(tx: Db, rows: Array<typeof resolutions.$inferInsert>) {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(resolutions).values(rows.slice(i, i + BATCH));
}

/** Clarifications, oldest first (by time, then id), of some questions or of all. */
export async function clarificationsOfQuestions(db: Db, questionIds: number[] | 'all') {
  if (questionIds !== 'all' && questionIds.length === 0) return [];
  return db
    .select()
    .from(clarifications)
    .where(questionIds === 'all' ? undefined : inArray(clarifications.questionId, questionIds))
    .orderBy(asc(clarifications.at), asc(clarifications.id));
}

/** Suggestions, oldest first (by time, then id), of some questions or of all. */
export async function suggestionsOfQuestions(db: Db, questionIds: number[] | 'all') {
  if (questionIds !== 'all' && questionIds.length === 0) return [];
  return db
    .select()
    .from(suggestions)
    .where(questionIds === 'all' ? undefined : inArray(suggestions.questionId, questionIds))
    .orderBy(asc(suggestions.at), asc(suggestions.id));
}

/** Who has forecast on which of the questions: (question id, user id) pairs. */
export async function forecasterPairs(db: Db, questionIds: number[]) {
  if (questionIds.length === 0) return [];
  return db
    .selectDistinct({ questionId: forecasts.questionId, userId: forecasts.userId })
    .from(forecasts)
    .where(inArray(forecasts.questionId, questionIds));
}

export async function insertClarifications(tx: Db, rows: Array<typeof clarifications.$inferInsert>) {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(clarifications).values(rows.slice(i, i + BATCH));
}

export async function insertSuggestions(tx: Db, rows: Array<typeof suggestions.$inferInsert>) {
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(suggestions).values(rows.slice(i, i + BATCH));
}
