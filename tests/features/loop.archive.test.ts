/**
 * Archive version 2: clarifications and suggestions are exported after
 * resolutions, checked on import (references, times, suggesters who forecast),
 * not added twice; version 1 archives stay importable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const h = useHarness(new Date(T0).toISOString());
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const tok: Record<string, string> = {};
let archive: any;

beforeAll(async () => {
  tok.ana = await h.user('ana');
  tok.ben = await h.user('ben');
  tok.lee = await h.user('lee', 'lead');
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await h.call(method, path, { token, body });
    expect(r.status, `${method} ${path} ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  };
  await ok('POST', '/api/questions', tok.lee!, {
    key: 'summit',
    title: 'Summit?',
    description: '',
    type: 'binary',
    closesAt: iso(10 * DAY),
  });
  h.clock.set(T0 + DAY);
  await ok('POST', '/api/questions/summit/forecasts', tok.ana!, { probability: 0.7 });
  await ok('POST', '/api/questions/summit/forecasts', tok.ben!, { probability: 0.2 });
  await ok('POST', '/api/questions/summit/clarifications', tok.lee!, { text: 'A train meeting counts.' });
  h.clock.set(T0 + 2 * DAY);
  const a = await ok('POST', '/api/questions/summit/suggestions', tok.ana!, {
    outcome: 'yes',
    occurredAt: iso(DAY + 3600_000),
    sourceUrl: 'https://example.org/readout',
  });
  const b = await ok('POST', '/api/questions/summit/suggestions', tok.ben!, { outcome: 'no', note: 'Not yet' });
  h.clock.set(T0 + 3 * DAY);
  await ok('POST', `/api/suggestions/${b.suggestion.id}/dismiss`, tok.lee!, { note: 'The readout is clear.' });
  await ok('POST', `/api/suggestions/${a.suggestion.id}/accept`, tok.lee!);
  h.clock.set(T0 + 4 * DAY);
  await ok('POST', '/api/questions/summit/suggestions', tok.ben!, { outcome: 'annulled' });
  archive = (await h.call('GET', '/api/export', { token: tok.lee })).body;
});

const importing = (doc: unknown) => h.call('POST', '/api/import', { token: h.adminToken, body: doc });

describe('archive version 2', () => {
  it('exports clarifications and suggestions after resolutions, oldest first', () => {
    expect(archive.version).toBe(2);
    expect(Object.keys(archive).slice(-3)).toEqual(['resolutions', 'clarifications', 'suggestions']);
    expect(archive.clarifications).toEqual([
      { question: 'summit', text: 'A train meeting counts.', at: iso(DAY), by: 'lee' },
    ]);
    expect(archive.suggestions).toEqual([
      {
        question: 'summit',
        outcome: 'yes',
        occurredAt: iso(DAY + 3600_000),
        sourceUrl: 'https://example.org/readout',
        note: null,
        by: 'ana',
        at: iso(2 * DAY),
        status: 'accepted',
        decidedBy: 'lee',
        decidedAt: iso(3 * DAY),
        decisionNote: null,
      },
      {
        question: 'summit',
        outcome: 'no',
        occurredAt: null,
        sourceUrl: null,
        note: 'Not yet',
        by: 'ben',
        at: iso(2 * DAY),
        status: 'dismissed',
        decidedBy: 'lee',
        decidedAt: iso(3 * DAY),
        decisionNote: 'The readout is clear.',
      },
      expect.objectContaining({ outcome: 'annulled', by: 'ben', status: 'open', decidedBy: null }),
    ]);
  });

  it('importing it again adds nothing; a new clarification and suggestion are added and counted', async () => {
    const again = await importing(archive);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.imported).toMatchObject({ clarifications: 0, suggestions: 0, forecasts: 0 });
    const more = structuredClone(archive);
    more.clarifications.push({ question: 'summit', text: 'Added later.', at: iso(5 * DAY), by: 'ana' });
    more.suggestions.push({ ...archive.suggestions[2], at: iso(6 * DAY) });
    const r = await importing(more);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toMatchObject({ clarifications: 1, suggestions: 1 });
    const q = await h.call('GET', '/api/questions/summit', { token: tok.ana });
    expect(q.body.question.clarifications.map((c: { text: string }) => c.text)).toEqual([
      'A train meeting counts.',
      'Added later.',
    ]);
    expect(q.body.question.suggestions).toHaveLength(4);
  });

  it('refuses bad items with their places, writing nothing', async () => {
    const bad = structuredClone(archive);
    bad.clarifications.push({ question: 'summit', text: 'Too early', at: iso(-DAY), by: 'lee' });
    bad.clarifications.push({ question: 'nope', text: 'x', at: iso(DAY), by: 'lee' });
    bad.clarifications.push({ question: 'summit', text: 'x'.repeat(5001), at: iso(DAY), by: 'lee' });
    bad.suggestions.push({ ...archive.suggestions[2], by: 'lee' });
    bad.suggestions.push({ ...archive.suggestions[2], decidedBy: 'lee' });
    bad.suggestions.push({ ...archive.suggestions[1], decidedAt: null });
    bad.suggestions.push({ ...archive.suggestions[2], outcome: 3 });
    const r = await importing(bad);
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'clarifications[1].at',
      'clarifications[2].question',
      'clarifications[3].text',
      'suggestions[3].by',
      'suggestions[4].decidedBy',
      'suggestions[5].decidedAt',
      'suggestions[6].outcome',
    ]);
    const q = await h.call('GET', '/api/questions/summit', { token: tok.ana });
    expect(q.body.question.clarifications).toHaveLength(2);
  });

  it('still imports version 1 archives (without either list)', async () => {
    const v1 = structuredClone(archive);
    v1.version = 1;
    delete v1.clarifications;
    delete v1.suggestions;
    v1.questions.push({ ...archive.questions[0], key: 'v1-question', title: 'From a version 1 archive' });
    const r = await importing(v1);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toMatchObject({ questions: 1, clarifications: 0, suggestions: 0 });
  });
});
