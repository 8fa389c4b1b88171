import type { Db } from '../../db/client';
import { resolutions } from '../../db/schema';

export async function insertResolution(db: Db, values: typeof resolutions.$inferInsert) {
  const [row] = await db.insert(resolutions).values(values).returning();
  return row!;
}
