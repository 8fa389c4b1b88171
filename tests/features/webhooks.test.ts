/**
 * Webhooks against a real HTTP receiver: admin CRUD, signed JSON and Slack
 * bodies, retries with growing waits, giving up after 24 hours, 410, deletion,
 * the 10 s cut-off, and two deliverers on one database never sending the same
 * delivery at once. The clock is the app's manual clock; rounds are run by hand.
 */
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/db/client';
import { deliveries, events, questions } from '../../src/db/schema';
import { RETRY_WINDOW_MS } from '../../src/domain/notifications';
import { backgroundRound, startBackgroundWork } from '../../src/features/notifications/background.service';
import {
  deliverDue,
  fanOut,
  sweepClosedQuestions,
  type DeliveryDeps,
} from '../../src/features/notifications/delivery.service';
import { useHarness } from '../helpers/app';
import { startReceiver, type Receiver } from '../helpers/receiver';

const T0 = Date.parse('2024-03-01T00:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const DAY = 24 * 3_600_000;
const SECRET = 'shh-its-a-secret';
const PUBLIC = 'https://reckon.example.org';
let rx: Receiver;
let ana: string;
let lee: string;
let n = 0;

const deps = (): DeliveryDeps => ({ db: h.database.db, clock: h.clock, publicUrl: PUBLIC });
const round = () => backgroundRound(deps());

async function hook(body: Record<string, unknown> = {}) {
  const r = await h.call('POST', '/api/webhooks', {
    token: h.adminToken,
    body: { url: rx.url, events: ['question.created'], secret: SECRET, ...body },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.webhook as { id: number; active: boolean };
}

async function question(extra: Record<string, unknown> = {}) {
  n += 1;
  const key = `q-${n}`;
  const r = await h.call('POST', '/api/questions', {
    token: ana,
    body: {
      key,
      title: `Will <thing> ${n} & more happen?`,
      description: '',
      type: 'binary',
      closesAt: new Date(h.clock.now().getTime() + 10 * DAY).toISOString(),
      ...extra,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return key;
}

const listDeliveries = async (id: number) => {
  const r = await h.call('GET', `/api/webhooks/${id}/deliveries`, { token: h.adminToken });
  expect(r.status).toBe(200);
  return r.body.deliveries as Array<{
    id: string;
    event: string;
    status: string;
    attempts: number;
    lastError: string | null;
    deliveredAt: string | null;
    nextAttemptAt: string;
  }>;
};

/** Deletes every webhook, so each test sees only its own. */
async function clearHooks() {
  const r = await h.call('GET', '/api/webhooks', { token: h.adminToken });
  for (const w of r.body.webhooks) await h.call('DELETE', `/api/webhooks/${w.id}`, { token: h.adminToken });
  await round();
}

beforeAll(async () => {
  rx = await startReceiver();
  ana = await h.user('ana');
  lee = await h.user('lee', 'lead');
});
afterAll(async () => rx?.close());
beforeEach(async () => {
  await clearHooks();
  rx.received.length = 0;
  rx.respond = () => 200;
});

describe('managing webhooks', () => {
  it('an admin adds one; the secret is never returned; bad input is a 400 naming the field', async () => {
    const w = await hook({ format: 'slack', events: ['question.created', 'question.resolved'] });
    expect(w).toMatchObject({ url: rx.url, format: 'slack', events: ['question.created', 'question.resolved'] });
    expect(JSON.stringify(w)).not.toContain(SECRET);
    const list = await h.call('GET', '/api/webhooks', { token: h.adminToken });
    expect(list.body.webhooks).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);

    const bad = async (body: Record<string, unknown>, path: string) => {
      const r = await h.call('POST', '/api/webhooks', {
        token: h.adminToken,
        body: { url: rx.url, events: ['question.created'], secret: SECRET, ...body },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    };
    await bad({ url: 'ftp://example.org/x' }, 'url');
    await bad({ url: 'javascript:alert(1)' }, 'url');
    await bad({ events: ['question.exploded'] }, 'events.0');
    await bad({ events: [] }, 'events');
    await bad({ events: ['question.created', 'question.created'] }, 'events');
    await bad({ secret: 'short' }, 'secret');
    await bad({ format: 'xml' }, 'format');
    await bad({ extra: 1 }, 'extra');
  });

  it('only admins manage webhooks (403), and an unknown id is a 404', async () => {
    const w = await hook();
    for (const [method, path] of [
      ['POST', '/api/webhooks'],
      ['GET', '/api/webhooks'],
      ['DELETE', `/api/webhooks/${w.id}`],
      ['GET', `/api/webhooks/${w.id}/deliveries`],
    ] as const) {
      const r = await h.call(method, path, { token: lee, body: method === 'POST' ? {} : undefined });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    expect((await h.call('GET', '/api/webhooks/999999/deliveries', { token: h.adminToken })).status).toBe(404);
    expect((await h.call('DELETE', '/api/webhooks/999999', { token: h.adminToken })).status).toBe(404);
    expect((await h.call('GET', '/api/webhooks/abc/deliveries', { token: h.adminToken })).status).toBe(400);
  });
});

describe('the routes', () => {
  it('are in the OpenAPI document and need credentials', async () => {
    const doc = await h.call('GET', '/api/openapi.json');
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    for (const [path, methods] of Object.entries({
      '/api/webhooks': ['post', 'get'],
      '/api/webhooks/{id}': ['delete'],
      '/api/webhooks/{id}/deliveries': ['get'],
      '/api/me/notifications': ['get', 'put'],
    })) {
      for (const m of methods) expect(paths[path], `${m} ${path}`).toHaveProperty([m]);
    }
    for (const [method, path] of [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks'],
      ['DELETE', '/api/webhooks/1'],
      ['GET', '/api/webhooks/1/deliveries'],
      ['GET', '/api/me/notifications'],
      ['PUT', '/api/me/notifications'],
    ] as const) {
      const r = await h.call(method, path, { body: method === 'GET' ? undefined : {} });
      expect({ method, path, status: r.status }).toEqual({ method, path, status: 401 });
    }
  });
});

describe('delivering', () => {
  it('POSTs the JSON body, signed with HMAC-SHA256 of the raw body, with a stable delivery id', async () => {
    const w = await hook();
    const key = await question();
    await round();
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;
    const expected = `sha256=${createHmac('sha256', SECRET).update(got.raw).digest('hex')}`;
    expect(got.headers['x-reckon-signature']).toBe(expected);
    expect(got.headers['content-type']).toBe('application/json');
    const [d] = await listDeliveries(w.id);
    expect(d).toMatchObject({ event: 'question.created', status: 'delivered', attempts: 1, lastError: null });
    expect(got.headers['x-reckon-delivery']).toBe(d!.id);
    expect(got.body).toEqual({
      id: d!.id,
      event: 'question.created',
      at: h.clock.now().toISOString(),
      question: { key, title: `Will <thing> ${n} & more happen?`, url: `${PUBLIC}/#/q/${key}` },
    });
    // A wrong secret would not verify.
    expect(createHmac('sha256', 'other-secret').update(got.raw).digest('hex')).not.toBe(expected.slice(7));
    await round();
    expect(rx.received).toHaveLength(1);
  });

  it('Slack format: {text} with the same facts on one line, the title linked', async () => {
    await hook({ format: 'slack', events: ['question.resolved'] });
    const key = await question();
    const r = await h.call('POST', `/api/questions/${key}/resolution`, { token: lee, body: { outcome: 'yes' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await round();
    expect(rx.received).toHaveLength(1);
    const body = rx.received[0]!.body;
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).not.toContain('\n');
    expect(body.text).toContain(`<${PUBLIC}/#/q/${key}|Will &lt;thing&gt; ${n} &amp; more happen?>`);
    expect(body.text).toContain('Question resolved');
    expect(body.text).toContain('outcome: yes');
    expect(rx.received[0]!.headers['x-reckon-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(rx.received[0]!.raw).digest('hex')}`,
    );
  });

  it('only the events a webhook lists; without RECKON_PUBLIC_URL the url is null', async () => {
    await hook({ events: ['question.resolved'] });
    await question();
    await backgroundRound({ db: h.database.db, clock: h.clock });
    expect(rx.received).toHaveLength(0);
    await clearHooks();
    await hook();
    await question();
    await backgroundRound({ db: h.database.db, clock: h.clock });
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]!.body.question.url).toBeNull();
  });

  it('retries after a 500 within 30 s, with the same id, and lists the last error', async () => {
    const w = await hook();
    await question();
    rx.respond = () => 500;
    await round();
    let [d] = await listDeliveries(w.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, deliveredAt: null });
    expect(d!.lastError).toMatch(/HTTP 500/);
    await round();
    expect(rx.received).toHaveLength(1); // not due yet
    rx.respond = () => 204;
    h.clock.advance(30_000);
    await round();
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]!.headers['x-reckon-delivery']).toBe(rx.received[0]!.headers['x-reckon-delivery']);
    [d] = await listDeliveries(w.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
  });

  it('retries with growing waits for 24 hours, then gives up (failed)', async () => {
    const start = h.clock.now().getTime();
    const w = await hook();
    await question();
    rx.respond = () => 503;
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const before = rx.received.length;
      await round();
      if (rx.received.length > before) times.push(h.clock.now().getTime() - start);
      const [d] = await listDeliveries(w.id);
      if (d!.status !== 'pending') break;
      h.clock.set(d!.nextAttemptAt);
    }
    const [d] = await listDeliveries(w.id);
    expect(d).toMatchObject({ status: 'failed', attempts: times.length });
    expect(d!.lastError).toMatch(/HTTP 503/);
    expect(times[1]! - times[0]!).toBeLessThanOrEqual(30_000);
    const waits = times.slice(1).map((t, i) => t - times[i]!);
    for (let i = 1; i < waits.length - 1; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(times.at(-1)!).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(times.at(-1)!).toBeLessThan(RETRY_WINDOW_MS + 20_000);
    const count = rx.received.length;
    h.clock.advance(DAY);
    await round();
    expect(rx.received.length).toBe(count);
  });

  it('a 410 disables the webhook and cancels its pending deliveries', async () => {
    const w = await hook();
    rx.respond = () => 500;
    await question();
    await question();
    await round();
    expect(rx.received).toHaveLength(2);
    rx.respond = (r) => (r === rx.received[2] ? 410 : 500);
    h.clock.advance(30_000);
    await deliverDue(deps(), { limit: 1 });
    const list = await listDeliveries(w.id);
    expect(list.map((d) => d.status).sort()).toEqual(['cancelled', 'cancelled']);
    expect(list.some((d) => /410/.test(d.lastError ?? ''))).toBe(true);
    const hooks = await h.call('GET', '/api/webhooks', { token: h.adminToken });
    expect(hooks.body.webhooks.find((x: { id: number }) => x.id === w.id).active).toBe(false);
    await question();
    h.clock.advance(DAY);
    await round();
    expect(rx.received).toHaveLength(3);
  });

  it('deleting a webhook cancels its pending deliveries and it receives nothing more', async () => {
    const w = await hook();
    rx.respond = () => 500;
    await question();
    await round();
    expect((await h.call('DELETE', `/api/webhooks/${w.id}`, { token: h.adminToken })).status).toBe(204);
    const rows = await h.database.db.select().from(deliveries).where(eq(deliveries.webhookId, w.id));
    expect(rows.map((r) => r.status)).toEqual(['cancelled']);
    h.clock.advance(DAY);
    await question();
    await round();
    expect(rx.received).toHaveLength(1);
    expect((await h.call('GET', `/api/webhooks/${w.id}/deliveries`, { token: h.adminToken })).status).toBe(404);
  });

  it('a receiver that hangs is cut after 10 s and retried', { timeout: 30_000 }, async () => {
    const w = await hook();
    await question();
    rx.respond = () => ({ status: 200, hang: true });
    const t = Date.now();
    await round();
    const elapsed = Date.now() - t;
    expect(elapsed).toBeGreaterThanOrEqual(9_500);
    expect(elapsed).toBeLessThan(20_000);
    const [d] = await listDeliveries(w.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d!.lastError).toMatch(/10 s/);
    rx.respond = () => 200;
    h.clock.advance(30_000);
    await round();
    expect((await listDeliveries(w.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});

describe('two deliverers on one database', () => {
  it('never send the same delivery at once, and send each once when all succeed', { timeout: 60_000 }, async () => {
    const w = await hook();
    for (let i = 0; i < 24; i++) await question();
    let second: Database | undefined;
    // On PostgreSQL the second deliverer has connections of its own; PGlite is one process: both share the handle.
    if (h.database.url) second = await openPostgres(h.database.url, { max: 3 });
    const a: DeliveryDeps = { db: h.database.db, clock: h.clock, publicUrl: PUBLIC };
    const b: DeliveryDeps = { db: second?.db ?? h.database.db, clock: h.clock, publicUrl: PUBLIC };
    let overlap = 0;
    const active = new Set<string>();
    rx.respond = (r) => {
      const id = String(r.headers['x-reckon-delivery']);
      if (active.has(id)) overlap += 1;
      active.add(id);
      setTimeout(() => active.delete(id), 40);
      return { status: 200, delayMs: 40 };
    };
    try {
      await fanOut(a);
      const work = async (d: DeliveryDeps) => {
        while ((await deliverDue(d, { limit: 3 })).length > 0) {
          /* until none is due */
        }
      };
      await Promise.all([work(a), work(b), work(a), work(b)]);
    } finally {
      await second?.close();
    }
    expect(overlap).toBe(0);
    const ids = rx.received.map((r) => String(r.headers['x-reckon-delivery']));
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const list = await listDeliveries(w.id);
    expect(list.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });
});

describe('question.closed', () => {
  it('is recorded once when the close time passes, with no request, and delivered', async () => {
    await hook({ events: ['question.closed'] });
    const key = await question();
    const resolvedKey = await question();
    await h.call('POST', `/api/questions/${resolvedKey}/resolution`, { token: lee, body: { outcome: 'no' } });
    await round();
    expect(rx.received).toHaveLength(0);
    h.clock.advance(10 * DAY + 1);
    await Promise.all([sweepClosedQuestions(deps()), sweepClosedQuestions(deps()), round()]);
    await round();
    const [q] = await h.database.db.select().from(questions).where(eq(questions.key, key));
    const closed = await h.database.db.select().from(events).where(eq(events.questionId, q!.id));
    expect(closed.filter((e) => e.type === 'question.closed')).toHaveLength(1);
    const mine = rx.received.filter((r) => r.body.question.key === key);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toMatchObject({ event: 'question.closed', at: q!.closesAt.toISOString() });
    expect(rx.received.some((r) => r.body.question.key === resolvedKey)).toBe(false);
  });
});

describe('the background work', () => {
  it('runs by itself: a question closing with no request coming in reaches the receiver', async () => {
    await hook({ events: ['question.closed'] });
    const key = await question();
    const work = startBackgroundWork(deps(), { intervalMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(rx.received).toHaveLength(0);
      h.clock.advance(10 * DAY + 1);
      for (let i = 0; i < 200 && rx.received.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await work.stop();
    }
    expect(rx.received.map((r) => [r.body.event, r.body.question.key])).toEqual([['question.closed', key]]);
  });
});
