/**
 * Email (RECKON_SMTP_URL) through nodemailer: the events a person chose, and
 * their digest. Deliveries of kinds `email` and `digest` are claimed and
 * retried like webhooks; this module writes and sends the message.
 */
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { plainLine } from '../../domain/notifications';
import type { ClaimedRow } from './deliveries.repository';
import { eventFacts, questionUrl, type AttemptResult, type DeliveryDeps } from './delivery.service';
import { digestFor, type DigestItem } from './digest.service';
import * as settings from './settings.repository';

const transports = new Map<string, Transporter>();
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 });
    transports.set(url, t);
  }
  return t;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message by SMTP; throws on failure (the delivery is retried). */
export async function sendMail(deps: Pick<DeliveryDeps, 'smtpUrl' | 'mailFrom'>, mail: Mail): Promise<void> {
  if (!deps.smtpUrl) throw new Error('email is off (no RECKON_SMTP_URL)');
  await transport(deps.smtpUrl).sendMail({
    from: deps.mailFrom ?? 'reckon@localhost',
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
  });
}

const SECTION: Record<DigestItem['kind'], string> = {
  awaitingResolution: 'Awaiting resolution',
  suggestion: 'Suggested resolutions to decide',
  closingSoon: 'Closing within 72 hours',
  stale: 'Your forecasts to look at again (old, or the crowd has moved)',
  unforecast: 'Open, and you have not forecast',
};

/** The digest as plain text, one section per kind, each question with its link when there is one. */
export function digestText(items: DigestItem[], publicUrl: string | undefined): string {
  const lines: string[] = [];
  for (const kind of Object.keys(SECTION) as Array<DigestItem['kind']>) {
    const of = items.filter((i) => i.kind === kind);
    if (!of.length) continue;
    lines.push(`${SECTION[kind]} (${of.length})`);
    for (const i of of) {
      const url = questionUrl(publicUrl, i.question.key);
      lines.push(
        `- ${i.question.title} [${i.question.key}], closes ${i.question.closesAt.toISOString()}${url ? `\n  ${url}` : ''}`,
      );
    }
    lines.push('');
  }
  if (!publicUrl) lines.push('(Links are missing: the server has no RECKON_PUBLIC_URL.)');
  return lines.join('\n');
}

/** Sends an `email` or `digest` delivery; 'skip' when the person no longer wants it. */
export async function sendEmailDelivery(deps: DeliveryDeps, c: ClaimedRow): Promise<AttemptResult | 'skip'> {
  if (c.userId === null) return 'skip';
  const s = await settings.findSettings(deps.db, c.userId);
  if (!s?.email) return 'skip';
  let mail: Mail;
  if (c.kind === 'digest') {
    if (s.digest === 'off') return 'skip';
    const items = await digestFor(deps, c.userId);
    if (!items.length) return 'skip';
    mail = {
      to: s.email,
      subject: `Reckon ${s.digest} digest: ${items.length} question${items.length === 1 ? '' : 's'} need you`,
      text: digestText(items, deps.publicUrl),
    };
  } else {
    const facts = c.eventId === null ? undefined : await eventFacts(deps, c.eventId, c.id);
    if (!facts) return { ok: false, error: 'the event no longer exists' };
    if (!(await settings.wantsEvent(deps.db, c.userId, facts.event))) return 'skip';
    const line = plainLine(facts);
    mail = {
      to: s.email,
      subject: `Reckon: ${line.slice(0, line.indexOf(':'))}: ${facts.question.title}`.slice(0, 200),
      text: `${line}\n${facts.question.url ?? '(No link: the server has no RECKON_PUBLIC_URL.)'}\n`,
    };
  }
  try {
    await sendMail(deps, mail);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: `SMTP: ${(e as Error).message ?? String(e)}`.slice(0, 500) };
  }
}

/** Queues the digests that are due (once per person and period, across processes). Returns how many. */
export async function queueDueDigests(deps: DeliveryDeps, limit = 100): Promise<number> {
  if (!deps.smtpUrl) return 0;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const due = await settings.lockDueDigests(tx, now, limit);
    for (const { userId } of due) {
      await settings.insertDigestDelivery(tx, randomUUID(), userId, now);
      await settings.markDigestQueued(tx, userId, now);
    }
    return due.length;
  });
}
