import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveries, events, webhooks } from '../../db/schema';

export type WebhookRow = typeof webhooks.$inferSelect;

export async function insertWebhook(tx: Db, row: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [created] = await tx.insert(webhooks).values(row).returning();
  return created!;
}

/** Webhooks not deleted, oldest first. */
export async function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(isNull(webhooks.deletedAt)).orderBy(asc(webhooks.id));
}

export async function findWebhook(db: Db, id: number): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), isNull(webhooks.deletedAt)));
  return row;
}

/** Active webhooks: the receivers an event is fanned out to. */
export async function activeWebhooks(db: Db): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.active, true), isNull(webhooks.deletedAt)));
}

export async function markWebhookDeleted(tx: Db, id: number, at: Date): Promise<void> {
  await tx.update(webhooks).set({ deletedAt: at, active: false }).where(eq(webhooks.id, id));
}

export async function disableWebhook(tx: Db, id: number): Promise<void> {
  await tx.update(webhooks).set({ active: false }).where(eq(webhooks.id, id));
}

/** Cancels a webhook's pending deliveries (it was deleted, or its receiver answered 410). */
export async function cancelPendingDeliveries(tx: Db, webhookId: number, reason: string): Promise<void> {
  await tx
    .update(deliveries)
    .set({ status: 'cancelled', lastError: reason, claimedUntil: null, claimToken: null })
    .where(and(eq(deliveries.webhookId, webhookId), eq(deliveries.status, 'pending')));
}

/** A webhook's deliveries, newest first. */
export async function listWebhookDeliveries(db: Db, webhookId: number, limit: number) {
  return db
    .select({
      id: deliveries.id,
      event: events.type,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
      createdAt: deliveries.createdAt,
      deliveredAt: deliveries.deliveredAt,
      nextAttemptAt: deliveries.nextAttemptAt,
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .where(eq(deliveries.webhookId, webhookId))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.eventId))
    .limit(limit);
}
