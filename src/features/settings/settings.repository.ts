import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaceSettings } from '../../db/schema';

export type SettingsRow = typeof workspaceSettings.$inferSelect;

/** The one settings row, or undefined while no admin has changed the defaults. */
export async function readSettings(db: Db): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(workspaceSettings).where(eq(workspaceSettings.id, 1));
  return row;
}

export async function writeSettings(
  tx: Db,
  values: { staleDays: number; updatedAt: Date; updatedBy: number | null },
): Promise<void> {
  await tx
    .insert(workspaceSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: workspaceSettings.id, set: values });
}
