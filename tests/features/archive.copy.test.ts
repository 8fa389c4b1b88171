/**
 * Forecasts are written with COPY on a PostgreSQL server (db/bulk.ts copyRows)
 * and with JSON statements on PGlite: arbitrary rationale text and exact
 * doubles survive an import and export unchanged on both, ids follow the
 * archive's order, and a COPY the server rejects fails its transaction
 * instead of hanging it.
 */
import { describe, expect, it } from 'vitest';
import { copyRows, copyText } from '../../src/db/bulk';
import { queryRows } from '../../src/db/client';
import { forecasts } from '../../src/db/schema';
import { sql } from 'drizzle-orm';
import { useHarness } from '../helpers/app';

const h = useHarness('2026-11-28T06:00:00.000Z');

const OPENS = '2023-09-01T00:00:00.000Z';
const CLOSES = '2023-10-01T00:00:00.000Z';
const hour = (n: number) => new Date(Date.parse('2023-09-02T00:00:00.000Z') + n * 3_600_000).toISOString();

/** Text that COPY's text format must escape, or must pass through untouched. */
const RATIONALES = [
  'tab\there',
  'line one\nline two',
  'carriage\r\nreturn',
  'back\\slash and \\\\ two',
  '\\N',
  '\\.',
  'ends with a backslash \\',
  '\t\n\\',
  'single \' double " quotes, {braces}, [brackets], commas, ',
  'emoji 🎯 and 中文 and e\u0301 and \u2028 \u00a0',
  '',
  ' ',
  null,
];
/** The messages of an error and its causes (drizzle wraps a driver's error as the cause). */
const messages = (e: unknown): string => (e instanceof Error ? `${e.message} / ${messages(e.cause)}` : '');

const PROBS = [0.1, 1 / 3, 0.123456789012345, 5e-324, 1 - 2 ** -53];

function archive() {
  return {
    format: 'reckon-archive',
    version: 2,
    exportedAt: '2026-11-01T00:00:00.000Z',
    teams: [],
    users: [{ handle: 'ana', displayName: 'Ana', role: 'analyst', active: true, teams: [] }],
    questions: [
      {
        key: 'copy-bin',
        title: 'Binary',
        description: 'd',
        type: 'binary',
        options: null,
        tags: [],
        createdBy: 'ana',
        opensAt: OPENS,
        closesAt: CLOSES,
        hideForecasts: false,
      },
      {
        key: 'copy-cat',
        title: 'Categorical',
        description: 'd',
        type: 'categorical',
        options: ['a', 'b', 'c'],
        tags: [],
        createdBy: 'ana',
        opensAt: OPENS,
        closesAt: CLOSES,
        hideForecasts: false,
      },
    ],
    forecasts: [
      ...RATIONALES.map((rationale, i) => ({
        question: 'copy-bin',
        user: 'ana',
        createdAt: hour(i),
        probability: PROBS[i % PROBS.length],
        rationale,
      })),
      {
        question: 'copy-cat',
        user: 'ana',
        createdAt: '2023-09-03T04:05:06.789Z',
        probabilities: [0.1, 0.2, 0.7],
        rationale: null,
      },
    ],
    resolutions: [],
    clarifications: [],
    suggestions: [],
  };
}

describe('copyText', () => {
  it('escapes backslash, newline, carriage return and tab, and writes NULL as \\N', () => {
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('🎯 "x"')).toBe('🎯 "x"');
    expect(copyText([0.25, 1 / 3])).toBe('{0.25,0.3333333333333333}');
    expect(copyText(new Date(Date.UTC(2023, 8, 1, 2, 3, 4, 5)))).toBe('2023-09-01T02:03:04.005Z');
  });
});

describe('forecasts written in bulk', () => {
  it('round-trip rationales and probabilities exactly through import and export', async () => {
    const doc = archive();
    const r = await h.call('POST', '/api/import', { token: h.adminToken, body: doc });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported.forecasts).toBe(doc.forecasts.length);
    const out = await h.call('GET', '/api/export', { token: h.adminToken });
    expect(out.status).toBe(200);
    const exported = out.body.forecasts.filter((f: any) => f.question.startsWith('copy-'));
    expect(exported).toEqual(doc.forecasts);
    // Ids ascend in the archive's order.
    const rows = await queryRows<{ rationale: string | null }>(
      h.database.db,
      sql`select rationale from forecasts where question_id in (select id from questions where key like 'copy-%') order by id`,
    );
    expect(rows.map((x) => x.rationale)).toEqual(doc.forecasts.map((f) => f.rationale));
  });

  it('fail the transaction, with the server error, when a row breaks a constraint', async () => {
    const db = h.database.db;
    const [q] = await queryRows<{ id: number }>(db, sql`select id from questions where key = 'copy-bin'`);
    const [u] = await queryRows<{ id: number }>(db, sql`select id from users where handle = 'ana'`);
    const before = await queryRows<{ n: unknown }>(db, sql`select count(*) as n from forecasts`);
    const row = (questionId: number) => ({
      questionId,
      userId: u!.id,
      createdAt: new Date(Date.parse(OPENS)),
      probs: [0.5, 0.5],
      rationale: 'x',
    });
    // The missing question is checked after the last row (a foreign key), so the error comes after COPY's end.
    const failing = db.transaction(async (tx) => {
      await copyRows(
        tx,
        forecasts,
        ['questionId', 'userId', 'createdAt', 'probs', 'rationale'],
        [row(q!.id), row(2_000_000_000)],
      );
    });
    const m = messages(await failing.catch((e: unknown) => e));
    expect(m).toMatch(/foreign key/);
    const after = await queryRows<{ n: unknown }>(db, sql`select count(*) as n from forecasts`);
    expect(String(after[0]!.n)).toBe(String(before[0]!.n));
    // A row that cannot be produced abandons the COPY; the connection is usable again.
    const thrown = db.transaction(async (tx) => {
      await copyRows(
        tx,
        forecasts,
        ['questionId', 'userId', 'createdAt', 'probs', 'rationale'],
        (function* () {
          yield row(q!.id);
          throw new Error('no more rows');
        })(),
      );
    });
    await expect(thrown).rejects.toThrow('no more rows');
    const again = await queryRows<{ n: unknown }>(db, sql`select count(*) as n from forecasts`);
    expect(String(again[0]!.n)).toBe(String(before[0]!.n));
  });
});
