import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { clarifications, users } from '../../db/schema';

export type ClarificationRow = typeof clarifications.$inferSelect;

export async function insertClarification(
  tx: Db,
  values: typeof clarifications.$inferInsert,
): Promise<ClarificationRow> {
  const [row] = await tx.insert(clarifications).values(values).returning();
  return row!;
}

/** The clarifications of some questions, oldest first, with their authors' handles. */
export async function clarificationsOf(db: Db, questionIds: number[]) {
  if (questionIds.length === 0) return [];
  return db
    .select({ c: clarifications, by: users.handle })
    .from(clarifications)
    .innerJoin(users, eq(users.id, clarifications.by))
    .where(inArray(clarifications.questionId, questionIds))
    .orderBy(asc(clarifications.questionId), asc(clarifications.at), asc(clarifications.id));
}
