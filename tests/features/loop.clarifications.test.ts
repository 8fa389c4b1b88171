/** Clarifications: append-only, dated, signed; by the author, leads and admins; on the question, audited, announced. */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clarifications, events } from '../../src/db/schema';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const tok: Record<string, string> = {};

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
  const r = await h.call('POST', '/api/questions', {
    token: tok.ana,
    body: {
      key: 'summit',
      title: 'Summit?',
      description: 'Resolves yes if...',
      type: 'binary',
      closesAt: iso(10 * DAY),
    },
  });
  expect(r.status).toBe(201);
});

describe('clarifications', () => {
  it('the author and a lead add clarifications; the question lists them oldest first, dated and signed', async () => {
    h.clock.set(T0 + DAY);
    const a = await h.call('POST', '/api/questions/summit/clarifications', {
      token: tok.ana,
      body: { text: 'A meeting on the train counts.' },
    });
    expect(a.status).toBe(201);
    expect(a.body.clarification).toEqual({
      id: expect.any(Number),
      text: 'A meeting on the train counts.',
      at: iso(DAY),
      by: 'ana',
    });
    h.clock.set(T0 + 2 * DAY);
    const b = await h.call('POST', '/api/questions/summit/clarifications', {
      token: tok.lee,
      body: { text: 'Video calls do not.' },
    });
    expect(b.status).toBe(201);
    const q = await h.call('GET', '/api/questions/summit', { token: tok.ben });
    expect(q.body.question.clarifications.map((c: { by: string; at: string }) => [c.by, c.at])).toEqual([
      ['ana', iso(DAY)],
      ['lee', iso(2 * DAY)],
    ]);
  });

  it('is audited and writes question.clarified in the same transaction', async () => {
    const audit = await h.call('GET', '/api/audit?action=question.clarify', { token: h.adminToken });
    expect(audit.body.entries.map((e: { actor: string }) => e.actor)).toEqual(['lee', 'ana']);
    expect(audit.body.entries[0]).toMatchObject({
      subject: 'question:summit',
      details: { text: 'Video calls do not.' },
    });
    const evs = await h.database.db
      .select()
      .from(events)
      .where(eq(events.type, 'question.clarified'))
      .orderBy(asc(events.id));
    expect(evs.map((e) => e.data.text)).toEqual(['A meeting on the train counts.', 'Video calls do not.']);
  });

  it('works at any status, also after resolution', async () => {
    h.clock.set(T0 + 3 * DAY);
    expect(
      (await h.call('POST', '/api/questions/summit/resolution', { token: tok.lee, body: { outcome: 'no' } })).status,
    ).toBe(201);
    const r = await h.call('POST', '/api/questions/summit/clarifications', {
      token: h.adminToken,
      body: { text: 'Resolved on the Kremlin readout.' },
    });
    expect(r.status).toBe(201);
  });

  it('refuses other analysts (403), over 5,000 characters or blank (400 naming text), unknown questions (404), writing nothing', async () => {
    const count = async () => (await h.database.db.select().from(clarifications)).length;
    const before = await count();
    const evBefore = (await h.database.db.select().from(events)).length;
    expect(
      (await h.call('POST', '/api/questions/summit/clarifications', { token: tok.ben, body: { text: 'Mine.' } }))
        .status,
    ).toBe(403);
    for (const text of ['x'.repeat(5001), '   ', '', 42]) {
      const r = await h.call('POST', '/api/questions/summit/clarifications', { token: tok.lee, body: { text } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues[0].path).toBe('text');
    }
    expect(
      (
        await h.call('POST', '/api/questions/summit/clarifications', {
          token: tok.lee,
          body: { text: 'x'.repeat(5000) },
        })
      ).status,
    ).toBe(201);
    expect(
      (await h.call('POST', '/api/questions/nope/clarifications', { token: tok.lee, body: { text: 'Hi' } })).status,
    ).toBe(404);
    expect(await count()).toBe(before + 1);
    expect((await h.database.db.select().from(events)).length).toBe(evBefore + 1);
  });
});
