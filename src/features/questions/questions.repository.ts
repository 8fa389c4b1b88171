import { and, asc, count, countDistinct, desc, eq, ilike, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { forecasts, questions, resolutions, users } from '../../db/schema';
import type { QuestionStatus } from '../../domain/questions';

export type QuestionRow = typeof questions.$inferSelect;
export type ResolutionRow = typeof resolutions.$inferSelect & { resolvedByHandle: string };

/** The standing resolution's annulled flag: null when unresolved (a correlated subquery). */
const standingAnnulled = sql<
  boolean | null
>`(select r.annulled from ${resolutions} r where r.question_id = ${questions.id} order by r.id desc limit 1)`;

function statusCondition(status: QuestionStatus, now: Date): SQL {
  const unresolved = sql`${standingAnnulled} is null`;
  switch (status) {
    case 'resolved':
      return sql`${standingAnnulled} = false`;
    case 'annulled':
      return sql`${standingAnnulled} = true`;
    case 'upcoming':
      return sql`${unresolved} and ${questions.opensAt} > ${now.toISOString()}::timestamptz`;
    case 'open':
      return sql`${unresolved} and ${questions.opensAt} <= ${now.toISOString()}::timestamptz and ${questions.closesAt} > ${now.toISOString()}::timestamptz`;
    case 'closed':
      return sql`${unresolved} and ${questions.closesAt} <= ${now.toISOString()}::timestamptz`;
  }
}

export interface ListFilter {
  status?: QuestionStatus | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  closesBefore?: Date | undefined;
  beforeId?: number | undefined;
  limit: number;
  now: Date;
}

export async function listQuestions(db: Db, f: ListFilter): Promise<Array<QuestionRow & { createdByHandle: string }>> {
  const conds: SQL[] = [];
  if (f.status) conds.push(statusCondition(f.status, f.now));
  if (f.tag) conds.push(sql`${questions.tags} @> array[${f.tag}]::text[]`);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(
      or(ilike(questions.title, pattern), ilike(questions.description, pattern), like(questions.key, pattern))!,
    );
  }
  if (f.closesBefore) conds.push(lt(questions.closesAt, f.closesBefore));
  if (f.beforeId !== undefined) conds.push(lt(questions.id, f.beforeId));
  const rows = await db
    .select({ q: questions, createdByHandle: users.handle })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.createdBy))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(questions.id))
    .limit(f.limit);
  return rows.map((r) => ({ ...r.q, createdByHandle: r.createdByHandle }));
}

export async function findQuestion(
  db: Db,
  key: string,
): Promise<(QuestionRow & { createdByHandle: string }) | undefined> {
  const [row] = await db
    .select({ q: questions, createdByHandle: users.handle })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.createdBy))
    .where(eq(questions.key, key));
  return row ? { ...row.q, createdByHandle: row.createdByHandle } : undefined;
}

/** Locks the question row for the rest of the transaction: forecasts and resolutions serialize on it. */
export async function lockQuestion(tx: Db, key: string): Promise<QuestionRow | undefined> {
  const [row] = await tx.select().from(questions).where(eq(questions.key, key)).for('update');
  return row;
}

/** Serializes, until the transaction ends, the requests that make keys from one title's base key. */
export async function lockKeyBase(tx: Db, base: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`question-key:${base}`}))`);
}

export async function keysTaken(db: Db, prefix: string): Promise<Set<string>> {
  const rows = await db
    .select({ key: questions.key })
    .from(questions)
    .where(like(questions.key, `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  return new Set(rows.map((r) => r.key));
}

export async function insertQuestion(db: Db, values: typeof questions.$inferInsert): Promise<QuestionRow> {
  const [row] = await db.insert(questions).values(values).returning();
  return row!;
}

export async function updateQuestion(
  db: Db,
  id: number,
  values: Partial<typeof questions.$inferInsert>,
): Promise<void> {
  await db.update(questions).set(values).where(eq(questions.id, id));
}

/** Every resolution of the given questions, oldest first. */
export async function resolutionsOf(db: Db, questionIds: number[]): Promise<ResolutionRow[]> {
  if (questionIds.length === 0) return [];
  const rows = await db
    .select({ r: resolutions, handle: users.handle })
    .from(resolutions)
    .innerJoin(users, eq(users.id, resolutions.resolvedBy))
    .where(inArray(resolutions.questionId, questionIds))
    .orderBy(asc(resolutions.id));
  return rows.map((r) => ({ ...r.r, resolvedByHandle: r.handle }));
}

/** Forecast and forecaster counts per question. */
export async function forecastCounts(
  db: Db,
  questionIds: number[],
): Promise<Map<number, { forecasts: number; forecasters: number }>> {
  if (questionIds.length === 0) return new Map();
  const rows = await db
    .select({ questionId: forecasts.questionId, n: count(), users: countDistinct(forecasts.userId) })
    .from(forecasts)
    .where(inArray(forecasts.questionId, questionIds))
    .groupBy(forecasts.questionId);
  return new Map(rows.map((r) => [r.questionId, { forecasts: Number(r.n), forecasters: Number(r.users) }]));
}
