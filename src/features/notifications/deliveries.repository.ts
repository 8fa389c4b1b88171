/**
 * The delivery outbox's queries: fanning events out into deliveries, claiming
 * due deliveries (FOR UPDATE SKIP LOCKED, so two workers never claim one row
 * at once), and recording what became of an attempt.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { deliveries, events, notificationSettings, questions, users, webhooks } from '../../db/schema';
import type { DeliveryKind } from '../../domain/notifications';

export type EventRow = typeof events.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;

/** Events not yet fanned out, oldest first, locked (skipping those another worker holds). */
export async function lockUndispatchedEvents(tx: Db, limit: number): Promise<EventRow[]> {
  return tx
    .select()
    .from(events)
    .where(eq(events.dispatched, false))
    .orderBy(asc(events.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markDispatched(tx: Db, ids: number[]): Promise<void> {
  if (ids.length) await tx.update(events).set({ dispatched: true }).where(inArray(events.id, ids));
}

/** Inserts deliveries; one that exists already (same event and receiver) is left as it is. */
export async function insertDeliveries(tx: Db, rows: NewDelivery[]): Promise<void> {
  if (rows.length) await tx.insert(deliveries).values(rows).onConflictDoNothing();
}

/** People who chose some events by email and gave an address. */
export async function emailSubscribers(db: Db) {
  return db
    .select({ userId: notificationSettings.userId, events: notificationSettings.events })
    .from(notificationSettings)
    .innerJoin(users, eq(users.id, notificationSettings.userId))
    .where(
      and(
        eq(users.active, true),
        sql`${notificationSettings.email} is not null`,
        sql`cardinality(${notificationSettings.events}) > 0`,
      ),
    );
}

export interface ClaimedRow {
  id: string;
  kind: DeliveryKind;
  eventId: number | null;
  webhookId: number | null;
  userId: number | null;
  attempts: number;
  createdAt: Date;
  claimToken: string;
}

/**
 * Claims up to `limit` due deliveries of the given kinds: pending, due, and
 * not claimed by a worker still within its claim. Counts the attempt now, so
 * an attempt cut short by a crash is counted too.
 */
export async function claimDue(
  tx: Db,
  o: { now: Date; until: Date; token: string; limit: number; kinds: DeliveryKind[] },
): Promise<ClaimedRow[]> {
  if (!o.kinds.length) return [];
  const due = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, o.now),
        or(isNull(deliveries.claimedUntil), lte(deliveries.claimedUntil, o.now)),
        inArray(deliveries.kind, o.kinds),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
    .limit(o.limit)
    .for('update', { skipLocked: true });
  if (!due.length) return [];
  const rows = await tx
    .update(deliveries)
    .set({ claimedUntil: o.until, claimToken: o.token, attempts: sql`${deliveries.attempts} + 1` })
    .where(
      inArray(
        deliveries.id,
        due.map((d) => d.id),
      ),
    )
    .returning({
      id: deliveries.id,
      kind: deliveries.kind,
      eventId: deliveries.eventId,
      webhookId: deliveries.webhookId,
      userId: deliveries.userId,
      attempts: deliveries.attempts,
      createdAt: deliveries.createdAt,
    });
  return rows.map((r) => ({ ...r, claimToken: o.token }));
}

/** An event with its question, for the message. */
export async function eventWithQuestion(db: Db, eventId: number) {
  const [row] = await db
    .select({
      type: events.type,
      at: events.at,
      data: events.data,
      key: questions.key,
      title: questions.title,
    })
    .from(events)
    .innerJoin(questions, eq(questions.id, events.questionId))
    .where(eq(events.id, eventId));
  return row;
}

export async function webhookById(db: Db, id: number) {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return row;
}

/** Records the outcome of a claimed attempt, if the claim is still ours and the delivery still pending. */
export async function finishAttempt(
  tx: Db,
  id: string,
  token: string,
  patch: Partial<Pick<NewDelivery, 'status' | 'lastError' | 'deliveredAt' | 'nextAttemptAt'>>,
): Promise<boolean> {
  const rows = await tx
    .update(deliveries)
    .set({ ...patch, claimedUntil: null, claimToken: null })
    .where(and(eq(deliveries.id, id), eq(deliveries.claimToken, token), eq(deliveries.status, 'pending')))
    .returning({ id: deliveries.id });
  return rows.length > 0;
}

/**
 * Records `question.closed` for every question whose close time has passed
 * and that has no resolution yet, once per question (a unique index on the
 * outbox makes a second sweep, in this process or another, a no-op).
 * Returns how many were recorded.
 */
export async function recordClosedEvents(db: Db, now: Date): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into ${events} (type, question_id, actor_id, at, data)
        select 'question.closed', q.id, null, q.closes_at, '{}'::jsonb
        from ${questions} q
        where q.closes_at <= ${now.toISOString()}::timestamptz
          and not exists (select 1 from resolutions r where r.question_id = q.id)
          and not exists (select 1 from ${events} e where e.question_id = q.id and e.type = 'question.closed')
        on conflict (question_id) where type = 'question.closed' do nothing
        returning id`,
  );
  return rows.length;
}
