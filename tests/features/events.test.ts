/**
 * The outbox: a question's creation and each resolution (re-resolution and
 * annulment too) write one event in the transaction that makes the change; a
 * refused change writes none.
 */
import { asc } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const DAY = 24 * 3_600_000;
const tok: Record<string, string> = {};

const outbox = () => h.database.db.select().from(events).orderBy(asc(events.id));

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.lee = await h.user('lee', 'lead');
});

describe('events', () => {
  it('a new question writes question.created, with its author and the time', async () => {
    h.clock.set(T0);
    const r = await h.call('POST', '/api/questions', {
      token: tok.ana,
      body: { key: 'summit', title: 'Summit?', description: '', type: 'binary', closesAt: iso(10 * DAY) },
    });
    expect(r.status).toBe(201);
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'question.created', at: new Date(T0), data: {} });
  });

  it('a resolution, a re-resolution and an annulment each write question.resolved with the outcome', async () => {
    for (const [i, outcome] of (['no', 'yes', 'annulled'] as const).entries()) {
      h.clock.set(T0 + (i + 1) * DAY);
      const r = await h.call('POST', '/api/questions/summit/resolution', { token: tok.lee, body: { outcome } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const resolved = (await outbox()).filter((e) => e.type === 'question.resolved');
    expect(resolved.map((e) => e.data.outcome)).toEqual(['no', 'yes', 'annulled']);
    expect(resolved.map((e) => e.at.getTime())).toEqual([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
  });

  it('a refused resolution or question writes no event', async () => {
    const before = (await outbox()).length;
    const bad = await h.call('POST', '/api/questions/summit/resolution', { token: tok.lee, body: { outcome: 7 } });
    expect(bad.status).toBe(400);
    const analyst = await h.call('POST', '/api/questions/summit/resolution', {
      token: tok.ana,
      body: { outcome: 'yes' },
    });
    expect(analyst.status).toBe(403);
    const past = await h.call('POST', '/api/questions', {
      token: tok.ana,
      body: { title: 'Past', description: '', type: 'binary', closesAt: iso(-DAY) },
    });
    expect(past.status).toBe(400);
    expect((await outbox()).length).toBe(before);
  });
});
