/** Resolution suggestions: by forecasters; accepted (resolving or re-resolving) or dismissed by leads; 409 once decided. */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { events, suggestions } from '../../src/db/schema';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const tok: Record<string, string> = {};

async function question(key: string, extra: Record<string, unknown> = {}) {
  h.clock.set(T0);
  const r = await h.call('POST', '/api/questions', {
    token: tok.lee,
    body: { key, title: `${key}?`, description: '', type: 'binary', closesAt: iso(10 * DAY), ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}
async function forecast(who: string, key: string, body: Record<string, unknown> = { probability: 0.6 }) {
  const r = await h.call('POST', `/api/questions/${key}/forecasts`, { token: tok[who], body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
  await question('summit');
  await question('venue', { type: 'categorical', options: ['Moscow', 'Vladivostok', 'Pyongyang'] });
  h.clock.set(T0 + DAY);
  await forecast('ana', 'summit');
  await forecast('ben', 'summit', { probability: 0.3 });
  await forecast('ana', 'venue', { probabilities: [0.2, 0.7, 0.1] });
});

describe('suggestions', () => {
  let first: number;
  let second: number;

  it('a forecaster suggests an outcome on an open question; it is listed, announced and audited', async () => {
    h.clock.set(T0 + 2 * DAY);
    const r = await h.call('POST', '/api/questions/summit/suggestions', {
      token: tok.ana,
      body: {
        outcome: 'yes',
        occurredAt: iso(2 * DAY - 3_600_000),
        sourceUrl: 'https://example.org/readout',
        note: 'Met on the train',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.suggestion).toEqual({
      id: expect.any(Number),
      question: 'summit',
      outcome: 'yes',
      occurredAt: iso(2 * DAY - 3_600_000),
      sourceUrl: 'https://example.org/readout',
      note: 'Met on the train',
      by: 'ana',
      at: iso(2 * DAY),
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
    first = r.body.suggestion.id;
    const b = await h.call('POST', '/api/questions/summit/suggestions', { token: tok.ben, body: { outcome: 'no' } });
    expect(b.status).toBe(201);
    second = b.body.suggestion.id;
    const open = await h.call('GET', '/api/suggestions?status=open', { token: tok.lee });
    expect(open.body.suggestions.map((s: { id: number }) => s.id)).toEqual([first, second]);
    const q = await h.call('GET', '/api/questions/summit', { token: tok.ana });
    expect(q.body.question.suggestions.map((s: { by: string }) => s.by)).toEqual(['ana', 'ben']);
    const evs = await h.database.db
      .select()
      .from(events)
      .where(eq(events.type, 'suggestion.created'))
      .orderBy(asc(events.id));
    expect(evs.map((e) => e.data.id)).toEqual([first, second]);
    const audit = await h.call('GET', '/api/audit?action=suggestion.create', { token: h.adminToken });
    expect(audit.body.entries).toHaveLength(2);
  });

  it('refuses those who did not forecast (403, leads too), bad outcomes and times (400 naming the field), writing nothing', async () => {
    const count = async () => (await h.database.db.select().from(suggestions)).length;
    const before = await count();
    const lee = await h.call('POST', '/api/questions/summit/suggestions', { token: tok.lee, body: { outcome: 'yes' } });
    expect(lee.status).toBe(403);
    const benVenue = await h.call('POST', '/api/questions/venue/suggestions', { token: tok.ben, body: { outcome: 1 } });
    expect(benVenue.status).toBe(403);
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['summit', { outcome: 2 }, 'outcome'],
      ['venue', { outcome: 'yes' }, 'outcome'],
      ['venue', { outcome: 3 }, 'outcome'],
      ['summit', { outcome: 'yes', occurredAt: iso(30 * DAY) }, 'occurredAt'],
      ['summit', { outcome: 'yes', occurredAt: iso(-DAY) }, 'occurredAt'],
      ['summit', { outcome: 'yes', sourceUrl: 'javascript:alert(1)' }, 'sourceUrl'],
      ['summit', { outcome: 'yes', extra: 1 }, ''],
    ];
    for (const [key, body, path] of cases) {
      const r = await h.call('POST', `/api/questions/${key}/suggestions`, { token: tok.ana, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (path) expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(
      (await h.call('POST', '/api/questions/nope/suggestions', { token: tok.ana, body: { outcome: 'yes' } })).status,
    ).toBe(404);
    expect(await count()).toBe(before);
  });

  it('analysts may not list, accept or dismiss (403)', async () => {
    expect((await h.call('GET', '/api/suggestions', { token: tok.ana })).status).toBe(403);
    expect((await h.call('POST', `/api/suggestions/${first}/accept`, { token: tok.ana })).status).toBe(403);
    expect((await h.call('POST', `/api/suggestions/${first}/dismiss`, { token: tok.ana, body: {} })).status).toBe(403);
  });

  it('a lead accepts one: the question resolves with its fields, the audit says whose it was; others stay open', async () => {
    h.clock.set(T0 + 3 * DAY);
    const r = await h.call('POST', `/api/suggestions/${first}/accept`, { token: tok.lee });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.resolution).toEqual({
      outcome: 'yes',
      occurredAt: iso(2 * DAY - 3_600_000),
      resolvedAt: iso(3 * DAY),
      resolvedBy: 'lee',
      sourceUrl: 'https://example.org/readout',
      note: 'Met on the train',
    });
    const q = await h.call('GET', '/api/questions/summit', { token: tok.ben });
    expect(q.body.question.status).toBe('resolved');
    expect(q.body.question.suggestions.map((s: { status: string }) => s.status)).toEqual(['accepted', 'open']);
    expect(q.body.question.suggestions[0]).toMatchObject({ decidedBy: 'lee', decidedAt: iso(3 * DAY) });
    const audit = await h.call('GET', '/api/audit?action=question.resolve', { token: h.adminToken });
    expect(audit.body.entries[0].details.suggestion).toEqual({ id: first, by: 'ana' });
    const scores = await h.call('GET', '/api/questions/summit/scores', { token: tok.lee });
    expect(scores.body.analysts).toHaveLength(2);
  });

  it('deciding a decided suggestion is a 409; an unknown one a 404; a dismissal needs a note', async () => {
    expect((await h.call('POST', `/api/suggestions/${first}/accept`, { token: tok.lee })).status).toBe(409);
    expect(
      (await h.call('POST', `/api/suggestions/${first}/dismiss`, { token: tok.lee, body: { note: 'x' } })).status,
    ).toBe(409);
    expect((await h.call('POST', '/api/suggestions/999999/accept', { token: tok.lee })).status).toBe(404);
    expect((await h.call('POST', '/api/suggestions/abc/accept', { token: tok.lee })).status).toBe(400);
    const noNote = await h.call('POST', `/api/suggestions/${second}/dismiss`, { token: tok.lee, body: { note: ' ' } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.issues[0].path).toBe('note');
  });

  it('a suggestion on a resolved question disputes it; accepting it re-resolves', async () => {
    h.clock.set(T0 + 4 * DAY);
    const d = await h.call('POST', '/api/questions/summit/suggestions', {
      token: tok.ben,
      body: { outcome: 'annulled', note: 'The meeting was not in the window' },
    });
    expect(d.status).toBe(201);
    const r = await h.call('POST', `/api/suggestions/${d.body.suggestion.id}/accept`, { token: h.adminToken });
    expect(r.status).toBe(201);
    const q = await h.call('GET', '/api/questions/summit', { token: tok.ben });
    expect(q.body.question.status).toBe('annulled');
    expect(q.body.question.resolutions.map((x: { outcome: unknown }) => x.outcome)).toEqual(['yes', 'annulled']);
  });

  it('a lead dismisses one with a note; it stays in the record', async () => {
    h.clock.set(T0 + 5 * DAY);
    const r = await h.call('POST', `/api/suggestions/${second}/dismiss`, {
      token: tok.lee,
      body: { note: 'The readout says they met.' },
    });
    expect(r.status).toBe(200);
    expect(r.body.suggestion).toMatchObject({
      status: 'dismissed',
      decidedBy: 'lee',
      decidedAt: iso(5 * DAY),
      decisionNote: 'The readout says they met.',
    });
    expect((await h.call('GET', '/api/suggestions?status=open', { token: tok.lee })).body.suggestions).toEqual([]);
    expect(
      (await h.call('GET', '/api/suggestions?status=dismissed', { token: tok.lee })).body.suggestions,
    ).toHaveLength(1);
    const audit = await h.call('GET', '/api/audit?action=suggestion.dismiss', { token: h.adminToken });
    expect(audit.body.entries[0].details).toMatchObject({ id: second, by: 'ben' });
  });

  it('a categorical suggestion takes an option index', async () => {
    const r = await h.call('POST', '/api/questions/venue/suggestions', { token: tok.ana, body: { outcome: 1 } });
    expect(r.status).toBe(201);
    expect(r.body.suggestion.outcome).toBe(1);
  });
});
