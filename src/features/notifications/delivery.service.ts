/**
 * The background deliverer (docs/notifications.md): fans events out into
 * deliveries, claims due deliveries in a short transaction, sends them
 * outside any transaction, and records what happened. At least once: a
 * delivery is marked delivered only after its receiver said 2xx, and a claim
 * that lapses (its worker crashed) is claimed again, with the same id.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { AppContext } from '../../context';
import type { EventType } from '../../domain/events';
import {
  answerVerdict,
  CLAIM_MS,
  jsonPayload,
  nextAttemptAt,
  SEND_TIMEOUT_MS,
  slackPayload,
  type DeliveryKind,
  type EventFacts,
} from '../../domain/notifications';
import * as repo from './deliveries.repository';
import { activeWebhooks, cancelPendingDeliveries, disableWebhook } from './webhooks.repository';

export type DeliveryDeps = Pick<AppContext, 'db' | 'clock' | 'publicUrl' | 'smtpUrl' | 'mailFrom'>;

/** A question's page, when the server knows its public URL. */
export function questionUrl(publicUrl: string | undefined, key: string): string | null {
  return publicUrl ? `${publicUrl}/#/q/${encodeURIComponent(key)}` : null;
}

/**
 * Fans out up to `limit` new events: one delivery per (event, active webhook
 * listing its type), and one per (event, person who chose it by email) when
 * email is on. Returns how many events were fanned out.
 */
export async function fanOut(deps: DeliveryDeps, limit = 200): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const evs = await repo.lockUndispatchedEvents(tx, limit);
    if (!evs.length) return 0;
    const hooks = await activeWebhooks(tx);
    const subscribers = deps.smtpUrl ? await repo.emailSubscribers(tx) : [];
    const rows: repo.NewDelivery[] = [];
    for (const e of evs) {
      const base = { eventId: e.id, createdAt: now, nextAttemptAt: now, status: 'pending' as const };
      for (const h of hooks) {
        if (h.events.includes(e.type)) rows.push({ ...base, id: randomUUID(), kind: 'webhook', webhookId: h.id });
      }
      for (const s of subscribers) {
        if (s.events.includes(e.type)) rows.push({ ...base, id: randomUUID(), kind: 'email', userId: s.userId });
      }
    }
    for (let i = 0; i < rows.length; i += 500) await repo.insertDeliveries(tx, rows.slice(i, i + 500));
    await repo.markDispatched(
      tx,
      evs.map((e) => e.id),
    );
    return evs.length;
  });
}

/** What one attempt came to. */
export type AttemptResult = { ok: true } | { ok: false; gone?: boolean; error: string };

/** Sends one email (the mailer); given by the caller so this module needs no SMTP when email is off. */
export type EmailSender = (deps: DeliveryDeps, claimed: repo.ClaimedRow) => Promise<AttemptResult | 'skip'>;

/** The facts of an event for a delivery, or undefined if the event is gone. */
export async function eventFacts(
  deps: DeliveryDeps,
  eventId: number,
  deliveryId: string,
): Promise<EventFacts | undefined> {
  const e = await repo.eventWithQuestion(deps.db, eventId);
  if (!e) return undefined;
  return {
    deliveryId,
    event: e.type as EventType,
    at: e.at,
    question: { key: e.key, title: e.title, url: questionUrl(deps.publicUrl, e.key) },
    data: e.data,
  };
}

function describeFailure(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}

/** The HMAC-SHA256 signature header's value for a body: `sha256=<hex>`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function sendWebhook(deps: DeliveryDeps, c: repo.ClaimedRow): Promise<AttemptResult | 'skip'> {
  const hook = c.webhookId === null ? undefined : await repo.webhookById(deps.db, c.webhookId);
  if (!hook || !hook.active || hook.deletedAt) return 'skip';
  const facts = c.eventId === null ? undefined : await eventFacts(deps, c.eventId, c.id);
  if (!facts) return { ok: false, error: 'the event no longer exists' };
  const body = JSON.stringify(hook.format === 'slack' ? slackPayload(facts) : jsonPayload(facts));
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Reckon-Webhooks',
        'x-reckon-event': facts.event,
        'x-reckon-delivery': c.id,
        'x-reckon-signature': signature(hook.secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const text = await res.text().catch(() => '');
    const verdict = answerVerdict(res.status);
    if (verdict === 'delivered') return { ok: true };
    const error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    return { ok: false, gone: verdict === 'gone', error };
  } catch (e) {
    return { ok: false, error: describeFailure(e) };
  }
}

/** Records an attempt: delivered, cancelled (410, or nothing to send), retried later, or given up. */
async function finish(deps: DeliveryDeps, c: repo.ClaimedRow, result: AttemptResult | 'skip'): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (result === 'skip') {
      await repo.finishAttempt(tx, c.id, c.claimToken, { status: 'cancelled', lastError: 'receiver removed' });
    } else if (result.ok) {
      await repo.finishAttempt(tx, c.id, c.claimToken, { status: 'delivered', deliveredAt: now, lastError: null });
    } else if (result.gone && c.webhookId !== null) {
      const error = `${result.error} (410 Gone: webhook disabled)`;
      await repo.finishAttempt(tx, c.id, c.claimToken, { status: 'cancelled', lastError: error });
      await disableWebhook(tx, c.webhookId);
      await cancelPendingDeliveries(tx, c.webhookId, 'webhook disabled: its receiver answered 410 Gone');
    } else {
      const next = nextAttemptAt(c.createdAt, now, c.attempts);
      await repo.finishAttempt(
        tx,
        c.id,
        c.claimToken,
        next ? { lastError: result.error, nextAttemptAt: next } : { status: 'failed', lastError: result.error },
      );
    }
  });
}

/**
 * One round of delivery: claims up to `limit` due deliveries and sends them
 * concurrently, outside any transaction. Returns the ids attempted.
 */
export async function deliverDue(
  deps: DeliveryDeps,
  o: { limit?: number; sendEmail?: EmailSender | undefined } = {},
): Promise<string[]> {
  const now = deps.clock.now();
  const limit = o.limit ?? 10;
  const sendEmail = o.sendEmail;
  const kinds: DeliveryKind[] = ['webhook'];
  if (deps.smtpUrl && sendEmail) kinds.push('email', 'digest');
  const claimed = await deps.db.transaction((tx) =>
    repo.claimDue(tx, { now, until: new Date(now.getTime() + CLAIM_MS), token: randomUUID(), limit, kinds }),
  );
  await Promise.all(
    claimed.map(async (c) => {
      let result: AttemptResult | 'skip';
      try {
        result = c.kind === 'webhook' ? await sendWebhook(deps, c) : await sendEmail!(deps, c);
      } catch (e) {
        result = { ok: false, error: describeFailure(e) };
      }
      await finish(deps, c, result);
    }),
  );
  return claimed.map((c) => c.id);
}

/** Records `question.closed` for questions whose close time has passed (once per question). */
export async function sweepClosedQuestions(deps: Pick<DeliveryDeps, 'db' | 'clock'>): Promise<number> {
  return repo.recordClosedEvents(deps.db, deps.clock.now());
}
