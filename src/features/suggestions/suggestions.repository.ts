import { and, asc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { questions, suggestions, users } from '../../db/schema';
import type { SuggestionStatus } from '../../domain/loop';

export type SuggestionRow = typeof suggestions.$inferSelect;

export async function insertSuggestion(tx: Db, values: typeof suggestions.$inferInsert): Promise<SuggestionRow> {
  const [row] = await tx.insert(suggestions).values(values).returning();
  return row!;
}

const decider = alias(users, 'decider');

/** Suggestions with their question's key and type and the handles involved, oldest first. */
export async function findSuggestions(
  db: Db,
  f: { id?: number; questionId?: number; status?: SuggestionStatus | undefined },
) {
  const conds: SQL[] = [];
  if (f.id !== undefined) conds.push(eq(suggestions.id, f.id));
  if (f.questionId !== undefined) conds.push(eq(suggestions.questionId, f.questionId));
  if (f.status !== undefined) conds.push(eq(suggestions.status, f.status));
  return db
    .select({ s: suggestions, key: questions.key, type: questions.type, by: users.handle, decidedBy: decider.handle })
    .from(suggestions)
    .innerJoin(questions, eq(questions.id, suggestions.questionId))
    .innerJoin(users, eq(users.id, suggestions.by))
    .leftJoin(decider, eq(decider.id, suggestions.decidedBy))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(suggestions.at), asc(suggestions.id));
}

/** Locks one suggestion for the rest of the transaction: two leads deciding it at once serialize here. */
export async function lockSuggestion(tx: Db, id: number): Promise<SuggestionRow | undefined> {
  const [row] = await tx.select().from(suggestions).where(eq(suggestions.id, id)).for('update');
  return row;
}

export async function decideSuggestion(
  tx: Db,
  id: number,
  decision: { status: SuggestionStatus; decidedBy: number; decidedAt: Date; decisionNote: string | null },
): Promise<void> {
  await tx.update(suggestions).set(decision).where(eq(suggestions.id, id));
}
