/**
 * Email against a real SMTP server in-process: the settings route, the events
 * a person chose, and a digest of what needs them (daily or weekly), retried
 * when the server refuses. Without RECKON_SMTP_URL nothing is sent and the
 * settings say email is off.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, users } from '../../src/db/schema';
import { backgroundRound } from '../../src/features/notifications/background.service';
import type { DeliveryDeps } from '../../src/features/notifications/delivery.service';
import { digestFor } from '../../src/features/notifications/digest.service';
import { useHarness } from '../helpers/app';
import { startMailServer, type MailServer } from '../helpers/smtp';

const T0 = Date.parse('2024-05-01T08:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const DAY = 86_400_000;
const PUBLIC = 'https://reckon.example.org';
let smtp: MailServer;
const tok: Record<string, string> = {};
const ids: Record<string, number> = {};

const deps = (): DeliveryDeps => ({
  db: h.database.db,
  clock: h.clock,
  publicUrl: PUBLIC,
  smtpUrl: smtp.url,
  mailFrom: 'Reckon <reckon@example.org>',
});
const round = () => backgroundRound(deps());

async function question(key: string, closesInMs: number, token = tok.ana) {
  const r = await h.call('POST', '/api/questions', {
    token,
    body: {
      key,
      title: `Title of ${key}`,
      description: '',
      type: 'binary',
      closesAt: new Date(h.clock.now().getTime() + closesInMs).toISOString(),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

beforeAll(async () => {
  smtp = await startMailServer();
  tok.ana = await h.user('ana');
  tok.lee = await h.user('lee', 'lead');
  const [ana] = await h.database.db.select().from(users).where(eq(users.handle, 'ana'));
  ids.ana = ana!.id;
  const [lee] = await h.database.db.select().from(users).where(eq(users.handle, 'lee'));
  ids.lee = lee!.id;
});
afterAll(async () => smtp?.close());

describe('notification settings', () => {
  it('start off; without RECKON_SMTP_URL the answer says email is off', async () => {
    const r = await h.call('GET', '/api/me/notifications', { token: tok.ana });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ email: null, digest: 'off', events: [], emailEnabled: false, linksEnabled: false });
  });

  it('are saved per person; bad input is a 400 naming the field and changes nothing', async () => {
    const bad = async (body: unknown, path: string) => {
      const r = await h.call('PUT', '/api/me/notifications', { token: tok.ana, body });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    };
    await bad({ email: 'not-an-address', digest: 'daily', events: [] }, 'email');
    await bad({ email: 'ana@example.org', digest: 'hourly', events: [] }, 'digest');
    await bad({ email: 'ana@example.org', digest: 'daily', events: ['nope'] }, 'events.0');
    await bad({ digest: 'daily', events: [] }, 'email');
    await bad({ email: null, digest: 'off', events: ['question.created'] }, 'email');
    await bad({ email: 'ana@example.org', digest: 'off', events: [], extra: true }, 'extra');
    expect((await h.call('GET', '/api/me/notifications', { token: tok.ana })).body.digest).toBe('off');
    const ok = await h.call('PUT', '/api/me/notifications', {
      token: tok.ana,
      body: { email: 'ana@example.org', digest: 'daily', events: ['question.resolved'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ email: 'ana@example.org', digest: 'daily', events: ['question.resolved'] });
    const lee = await h.call('GET', '/api/me/notifications', { token: tok.lee });
    expect(lee.body.email).toBeNull();
  });
});

describe('email', () => {
  it('a digest lists what needs the person, with links, and reaches the SMTP server', async () => {
    await question('soon', 2 * DAY, tok.lee);
    await question('later', 20 * DAY, tok.lee);
    const items = await digestFor(deps(), ids.ana!);
    expect(items.map((i) => `${i.kind}:${i.question.key}`)).toEqual([
      'closingSoon:soon',
      // Both opened now: by key.
      'unforecast:later',
      'unforecast:soon',
    ]);
    await round();
    const mine = smtp.mails.filter((m) => m.to.includes('ana@example.org'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toMatch(/daily digest/);
    expect(mine[0]!.text).toContain('Closing within 72 hours (1)');
    expect(mine[0]!.text).toContain(`${PUBLIC}/#/q/later`);
    expect(mine[0]!.text).toContain('From: Reckon <reckon@example.org>');
    // Once per day: another round the same day sends nothing; the next day, another digest.
    await round();
    expect(smtp.mails.filter((m) => m.to.includes('ana@example.org'))).toHaveLength(1);
    h.clock.advance(DAY);
    await round();
    expect(smtp.mails.filter((m) => m.to.includes('ana@example.org'))).toHaveLength(2);
  });

  it('leads also get the questions awaiting resolution; weekly digests come a week apart', async () => {
    await h.call('PUT', '/api/me/notifications', {
      token: tok.lee,
      body: { email: 'lee@example.org', digest: 'weekly', events: [] },
    });
    h.clock.advance(3 * DAY); // "soon" has closed
    await round();
    const lee = () => smtp.mails.filter((m) => m.to.includes('lee@example.org'));
    expect(lee()).toHaveLength(1);
    expect(lee()[0]!.text).toContain('Awaiting resolution (1)');
    expect(lee()[0]!.text).toContain('Title of soon [soon]');
    h.clock.advance(DAY);
    await round();
    expect(lee()).toHaveLength(1);
    h.clock.advance(6 * DAY);
    await round();
    expect(lee()).toHaveLength(2);
  });

  it('is the person’s inbox, kind by kind, for an analyst and for a lead', async () => {
    for (const who of ['ana', 'lee']) {
      const box = await h.call('GET', '/api/inbox', { token: tok[who] });
      expect(box.status).toBe(200);
      const want = box.body.items.map(
        (i: { kind: string; question: { key: string } }) => `${i.kind}:${i.question.key}`,
      );
      expect(want.length).toBeGreaterThan(0);
      expect((await digestFor(deps(), ids[who]!)).map((i) => `${i.kind}:${i.question.key}`)).toEqual(want);
    }
  });

  it('the events a person chose arrive by email, retried when the server refuses', async () => {
    const before = smtp.mails.length;
    smtp.refuse = 1;
    const r = await h.call('POST', '/api/questions/later/resolution', { token: tok.lee, body: { outcome: 'yes' } });
    expect(r.status).toBe(201);
    await round();
    const [row] = await h.database.db.select().from(deliveries).where(eq(deliveries.kind, 'email'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/SMTP/);
    h.clock.advance(30_000);
    await round();
    const got = smtp.mails.slice(before).filter((m) => m.to.includes('ana@example.org'));
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toContain('Question resolved');
    expect(got[0]!.text).toContain('outcome: yes');
    expect(got[0]!.text).toContain(`${PUBLIC}/#/q/later`);
    // Lee chose no events: no email for him.
    expect(smtp.mails.slice(before).some((m) => m.to.includes('lee@example.org'))).toBe(false);
  });

  it('without RECKON_SMTP_URL nothing is queued or sent', async () => {
    const before = smtp.mails.length;
    const rows = (await h.database.db.select().from(deliveries)).length;
    h.clock.advance(8 * DAY);
    await question('quiet', 10 * DAY, tok.lee);
    await backgroundRound({ db: h.database.db, clock: h.clock });
    expect(smtp.mails.length).toBe(before);
    expect((await h.database.db.select().from(deliveries)).length).toBe(rows);
  });
});
