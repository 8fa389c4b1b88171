/**
 * The rules of delivering notifications (docs/notifications.md): how long a
 * delivery is retried, how long to wait between attempts, and what a webhook
 * receives. Pure: the deliverer supplies the time and the facts.
 */
import type { EventType } from './events';

/** What a webhook receives: the JSON of docs/api.md, or Slack's `{text}`. */
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
/** A delivery carries an event to a webhook or to a person's email, or a person's digest. */
export const DELIVERY_KINDS = ['webhook', 'email', 'digest'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
/** How often a person's digest comes. */
export const DIGESTS = ['off', 'daily', 'weekly'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export type Digest = (typeof DIGESTS)[number];

/** A delivery is retried for this long after it was created, then given up (status `failed`). */
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/** A receiver that has not answered within this long is cut off (and retried later). */
export const SEND_TIMEOUT_MS = 10_000;

/**
 * How long a claim holds: longer than a send can take (the timeout plus a
 * margin), so a live worker's claim never lapses while it still sends; a
 * crashed worker's claim lapses and another worker sends again, with the same id.
 */
export const CLAIM_MS = SEND_TIMEOUT_MS + 5_000;

const WAITS_MS = [10_000, 30_000, 60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 60 * 60_000];
const LONGEST_WAIT_MS = 2 * 60 * 60_000;

/**
 * The wait before the next attempt, after `attempts` failed ones (1 after the
 * first): 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, then every 2 h.
 *
 * @example retryWait(1) // 10_000: the first retry comes within 30 s
 */
export function retryWait(attempts: number): number {
  return WAITS_MS[Math.max(0, attempts - 1)] ?? LONGEST_WAIT_MS;
}

/**
 * When to try a failed delivery next, or null to give up: never later than
 * the end of the retry window, so the last attempt falls at its end.
 */
export function nextAttemptAt(createdAt: Date, failedAt: Date, attempts: number): Date | null {
  const end = createdAt.getTime() + RETRY_WINDOW_MS;
  if (failedAt.getTime() >= end) return null;
  return new Date(Math.min(failedAt.getTime() + retryWait(attempts), end));
}

/** What an answer from a receiver means: delivered, stop (410 Gone), or try again. */
export function answerVerdict(status: number): 'delivered' | 'gone' | 'retry' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  return 'retry';
}

/** The facts of one event, as every format tells them. */
export interface EventFacts {
  deliveryId: string;
  event: EventType;
  at: Date;
  question: { key: string; title: string; url: string | null };
  data: Record<string, unknown>;
}

const HEADLINES: Record<string, string> = {
  'question.created': 'New question',
  'question.closed': 'Question closed',
  'question.resolved': 'Question resolved',
  'question.clarified': 'Question clarified',
  'suggestion.created': 'Resolution suggested',
};

/** A short headline for an event type; a type added later reads as itself. */
export function headline(event: string): string {
  return HEADLINES[event] ?? event;
}

/** The JSON body: `{id, event, at, question: {key, title, url}, ...data}`. */
export function jsonPayload(f: EventFacts): Record<string, unknown> {
  return {
    ...f.data,
    id: f.deliveryId,
    event: f.event,
    at: f.at.toISOString(),
    question: f.question,
  };
}

function detailOf(data: Record<string, unknown>): string {
  const parts = Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v)))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** Slack's escaping for text: &, < and > only. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Slack body: `{text}`, the same facts on one line, the title linked when there is a public URL. */
export function slackPayload(f: EventFacts): { text: string } {
  const title = slackEscape(f.question.title.replace(/[\r\n]+/g, ' '));
  const linked = f.question.url ? `<${f.question.url}|${title}>` : title;
  const text = `${headline(f.event)}: ${linked} [${f.question.key}]${slackEscape(detailOf(f.data))} at ${f.at.toISOString()}`;
  return { text };
}

/** One line for an email or a log: the same facts without Slack's markup. */
export function plainLine(f: Omit<EventFacts, 'deliveryId'>): string {
  return `${headline(f.event)}: ${f.question.title} [${f.question.key}]${detailOf(f.data)} at ${f.at.toISOString()}`;
}
