import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { resolutions } from '../../db/schema';

export type ResolutionRow = typeof resolutions.$inferSelect;

export async function insertResolution(db: Db, values: typeof resolutions.$inferInsert): Promise<ResolutionRow> {
  const [row] = await db.insert(resolutions).values(values).returning();
  return row!;
}

/** The standing (latest) resolution of a question, or undefined. */
export async function standingResolution(db: Db, questionId: number): Promise<ResolutionRow | undefined> {
  const [row] = await db
    .select()
    .from(resolutions)
    .where(eq(resolutions.questionId, questionId))
    .orderBy(desc(resolutions.id))
    .limit(1);
  return row;
}
