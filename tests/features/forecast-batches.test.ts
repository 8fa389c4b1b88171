/**
 * Forecasts that arrive together share one transaction (forecast-batches.ts),
 * and each keeps its own answer: a forecast on a resolved or closed question,
 * on an unknown one, or with bad probabilities is refused alone, and one whose
 * data the database refuses does not cost the others theirs.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { pgErrorCode } from '../../src/db/errors';
import { auditLog, forecasts, users } from '../../src/db/schema';
import { ForecastBatches } from '../../src/features/forecasts/forecast-batches';
import type { ForecastRequest } from '../../src/features/forecasts/forecasts.repository';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const h = useHarness(new Date(T0).toISOString());
const tok: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  tok.lee = await h.user('lee', 'lead');
  for (const who of ['ana', 'ben', 'cy', 'dee']) tok[who] = await h.user(who);
  for (const u of await h.database.db.select().from(users)) ids[u.handle] = u.id;
  for (const [key, days] of [
    ['open-a', 30],
    ['open-b', 30],
    ['resolved', 30],
    ['closing', 2],
  ] as const) {
    await h.binaryQuestion(tok.lee!, key, T0 + days * DAY);
  }
  const r = await h.call('POST', '/api/questions/resolved/resolution', { token: tok.lee, body: { outcome: 'no' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  h.clock.advance(3 * DAY); // 'closing' has closed
});

const auditOf = async (forecastId: number) =>
  (
    await h.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'forecast.create' and ${auditLog.details}->>'id' = ${String(forecastId)}`)
  ).map((a) => ({ actorId: a.actorId, subject: a.subject, probs: (a.details as { probs: number[] }).probs }));

describe('forecasts posted together', () => {
  it('each get their own answer, and every accepted one is written and audited', async () => {
    const posts = [
      ['ana', 'open-a', { probability: 0.3 }, 201],
      ['ben', 'open-a', { probability: 0.6 }, 201],
      ['cy', 'open-b', { probability: 0.9 }, 201],
      ['dee', 'resolved', { probability: 0.5 }, 409],
      ['ana', 'closing', { probability: 0.5 }, 409],
      ['ben', 'no-such-question', { probability: 0.5 }, 404],
      ['cy', 'open-a', { probabilities: [0.2, 0.3, 0.5] }, 400],
      ['dee', 'open-b', { probability: 0.1 }, 201],
      ['ana', 'open-a', { probability: 0.35 }, 201],
    ] as const;
    const answers = await Promise.all(
      posts.map(([who, key, body]) => h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body })),
    );
    answers.forEach((a, i) => expect(a.status, `${posts[i]!.join(' ')}: ${JSON.stringify(a.body)}`).toBe(posts[i]![3]));
    expect(answers[3]!.body.error.message).toMatch(/resolved/i);
    expect(answers[4]!.body.error.message).toMatch(/closed/i);
    for (const [i, a] of answers.entries()) {
      if (a.status !== 201) continue;
      const [who, key, body] = posts[i]!;
      const f = a.body.forecast;
      expect(f).toMatchObject({ question: key, user: who, probability: (body as { probability: number }).probability });
      const [row] = await h.database.db.select().from(forecasts).where(eq(forecasts.id, f.id));
      expect(row!.userId).toBe(ids[who]);
      expect(row!.createdAt.toISOString()).toBe(f.createdAt);
      expect(await auditOf(f.id)).toEqual([{ actorId: ids[who], subject: `question:${key}`, probs: row!.probs }]);
    }
    const written = await h.database.db.select({ id: forecasts.id }).from(forecasts);
    expect(written.length).toBe(answers.filter((a) => a.status === 201).length);
  });

  it('share one transaction, take ids in the order they came, and are refused one by one', async () => {
    const batches = new ForecastBatches(h.database.db);
    const at = new Date(h.clock.now());
    const request = (key: string, who: string, p: number): ForecastRequest => ({
      key,
      decide: (q) => {
        if (!q) throw new Error(`no question ${key}`);
        return {
          open: true,
          userId: ids[who]!,
          at,
          probs: [1 - p, p],
          rationale: `${who} on ${key}`,
          subject: `question:${key}`,
        };
      },
    });
    const outcomes = await Promise.all([
      batches.write(request('open-a', 'ana', 0.4)),
      batches.write(request('open-b', 'ben', 0.5)),
      batches.write(request('nowhere', 'cy', 0.5)),
      batches.write(request('resolved', 'dee', 0.5)),
      batches.write(request('open-a', 'cy', 0.6)),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true]);
    expect(String((outcomes[2] as { error: Error }).error.message)).toBe('no question nowhere');
    expect(outcomes[3]).toMatchObject({ ok: true, id: null, annulled: false });
    const written = outcomes.flatMap((o) => (o.ok && o.id !== null ? [o.id] : []));
    expect(written.length).toBe(3);
    expect([...written].sort((a, b) => a - b)).toEqual(written);
    const rows = await queryRows<{ id: unknown; rationale: string; tx: string }>(
      h.database.db,
      sql`select id, rationale, xmin::text as tx from ${forecasts} where ${inArray(forecasts.id, written)} order by id`,
    );
    expect(rows.map((r) => r.rationale)).toEqual(['ana on open-a', 'ben on open-b', 'cy on open-a']);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
  });

  it('when the database refuses one forecast, write the others', async () => {
    const batches = new ForecastBatches(h.database.db);
    const at = new Date(h.clock.now());
    const request = (userId: number, p: number): ForecastRequest => ({
      key: 'open-b',
      decide: () => ({ open: true, userId, at, probs: [1 - p, p], rationale: null, subject: 'question:open-b' }),
    });
    const outcomes = await Promise.all([
      batches.write(request(ids.ana!, 0.2)),
      batches.write(request(987_654, 0.3)), // no such user: a foreign key violation
      batches.write(request(ids.ben!, 0.4)),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(pgErrorCode((outcomes[1] as { error: unknown }).error)).toBe('23503');
    for (const o of [outcomes[0]!, outcomes[2]!]) {
      expect(o.ok && o.id).toBeGreaterThan(0);
      expect(await auditOf((o as { id: number }).id)).toHaveLength(1);
    }
  });
});
