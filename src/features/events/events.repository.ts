import type { Db } from '../../db/client';
import { events } from '../../db/schema';
import type { EventType } from '../../domain/events';

export interface NewEvent {
  type: EventType;
  questionId: number;
  actorId: number | null;
  at: Date;
  data?: Record<string, unknown>;
}

/** Writes an event to the outbox; call it inside the transaction that makes the change. */
export async function recordEvent(tx: Db, event: NewEvent): Promise<void> {
  await tx.insert(events).values({ ...event, data: event.data ?? {} });
}
