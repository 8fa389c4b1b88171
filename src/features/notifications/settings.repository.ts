import { and, eq, isNotNull, lte, ne, or, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveries, notificationSettings } from '../../db/schema';

export type SettingsRow = typeof notificationSettings.$inferSelect;

export async function findSettings(db: Db, userId: number): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return row;
}

export async function upsertSettings(
  tx: Db,
  row: Pick<SettingsRow, 'userId' | 'email' | 'digest' | 'events' | 'updatedAt'>,
): Promise<SettingsRow> {
  const [saved] = await tx
    .insert(notificationSettings)
    .values(row)
    .onConflictDoUpdate({
      target: notificationSettings.userId,
      set: { email: row.email, digest: row.digest, events: row.events, updatedAt: row.updatedAt },
    })
    .returning();
  return saved!;
}

/**
 * Locks the people whose digest is due (daily: a day since the last, weekly:
 * a week), skipping rows another process holds, so each digest is queued once.
 */
export async function lockDueDigests(tx: Db, now: Date, limit: number) {
  const day = new Date(now.getTime() - 86_400_000);
  const week = new Date(now.getTime() - 7 * 86_400_000);
  return tx
    .select({ userId: notificationSettings.userId })
    .from(notificationSettings)
    .where(
      and(
        ne(notificationSettings.digest, 'off'),
        isNotNull(notificationSettings.email),
        or(
          isNull(notificationSettings.lastDigestAt),
          and(eq(notificationSettings.digest, 'daily'), lte(notificationSettings.lastDigestAt, day)),
          and(eq(notificationSettings.digest, 'weekly'), lte(notificationSettings.lastDigestAt, week)),
        ),
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markDigestQueued(tx: Db, userId: number, at: Date): Promise<void> {
  await tx.update(notificationSettings).set({ lastDigestAt: at }).where(eq(notificationSettings.userId, userId));
}

export async function insertDigestDelivery(tx: Db, id: string, userId: number, at: Date): Promise<void> {
  await tx
    .insert(deliveries)
    .values({ id, kind: 'digest', userId, createdAt: at, nextAttemptAt: at, status: 'pending' });
}

/** Whether a person still wants an event type by email. */
export async function wantsEvent(db: Db, userId: number, type: string): Promise<boolean> {
  const [row] = await db
    .select({ ok: sql<boolean>`true` })
    .from(notificationSettings)
    .where(and(eq(notificationSettings.userId, userId), sql`${type} = any(${notificationSettings.events})`));
  return Boolean(row);
}
