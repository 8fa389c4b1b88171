/**
 * An import scores the questions it creates from the forecasts it holds, while
 * it writes them (held-scoring.service.ts), and rescores the existing questions
 * it touches from the database. Either way the stored scores must be exactly
 * those a full rescore computes from the written rows, ties in a millisecond
 * included (the later forecast of the archive stands), and the rollups the
 * same sums.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { questions } from '../../src/db/schema';
import { readHeldQuestions, scoreHeld } from '../../src/features/scores/held-scoring.service';
import { rescoreAll } from '../../src/features/scores/rescoring.service';
import { useHarness } from '../helpers/app';
import { expectPooledRollupsMatch } from '../helpers/rollups';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const h = useHarness(iso(0));

async function ok(method: string, path: string, token: string, body?: unknown) {
  const r = await h.call(method, path, { token, body });
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

const SCORES = ['question_scores', 'crowd_scores', 'aggregate_scores'];
const ROLLUPS = [
  'analyst_rollups',
  'crowd_rollups',
  'calibration_rollups',
  'aggregate_rollups',
  'recalibration_rollups',
  'pooled_calibration_rollups',
  'pooled_recalibration_rollups',
];

/** Every row of each table, as JSON, in a fixed order. */
async function stored(tables: string[]) {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await queryRows<Record<string, unknown>>(h.database.db, sql.raw(`select * from ${table}`));
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/**
 * The rollups, with their sums rounded to 12 significant digits: an existing
 * question's rollups move by a delta (old scores out, new in), so their sums
 * are equal to a from-scratch sum up to the last bits.
 */
async function rollups() {
  const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v);
  const out: Record<string, string[]> = {};
  for (const [table, rows] of Object.entries(await stored(ROLLUPS)))
    out[table] = rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(r)).map(([k, v]) => [k, round(v)]))))
      .sort();
  return out;
}

let tok: Record<string, string> = {};

beforeAll(async () => {
  tok = { kai: await h.user('kai', 'lead'), mia: await h.user('mia'), zed: await h.user('zed') };
  await ok('POST', '/api/questions', tok.kai!, {
    key: 'alpha',
    title: 'Alpha?',
    description: 'Details.',
    type: 'binary',
    opensAt: iso(0),
    closesAt: iso(20 * DAY),
  });
  h.clock.set(T0 + 2 * DAY);
  await ok('POST', '/api/questions/alpha/forecasts', tok.mia!, { probability: 0.7, rationale: 'Likely.' });
  await ok('POST', '/api/questions/alpha/forecasts', tok.zed!, { probability: 0.4, rationale: 'Doubtful.' });
  h.clock.set(T0 + 8 * DAY);
  await ok('POST', '/api/questions/alpha/resolution', tok.kai!, { outcome: 'yes', occurredAt: iso(7 * DAY) });
});

describe('an import that creates questions and adds to existing ones', () => {
  it('stores exactly the scores and rollups a full rescore computes', async () => {
    const doc = (await h.call('GET', '/api/export', { token: h.adminToken })).body;
    doc.users.push({ handle: 'nia', displayName: 'Nia', role: 'analyst', active: true });
    // on the existing question: rescored from the database
    doc.forecasts.push({ question: 'alpha', user: 'nia', createdAt: iso(DAY), probability: 0.9, rationale: null });
    const question = (key: string, extra: Record<string, unknown> = {}) => ({
      key,
      title: `${key}?`,
      description: 'New.',
      type: 'binary',
      tags: ['new'],
      createdBy: 'kai',
      opensAt: iso(0),
      closesAt: iso(30 * DAY),
      ...extra,
    });
    doc.questions.push(
      question('held-one'),
      question('held-two', { type: 'categorical', options: ['a', 'b', 'c'], tags: [] }),
      question('held-void'),
      question('held-open'),
      question('held-solo'),
    );
    const f = (q: string, user: string, at: number, p: Record<string, unknown>) =>
      doc.forecasts.push({ question: q, user, createdAt: iso(at), rationale: null, ...p });
    // In the same millisecond: mia twice (the later one of the archive stands), and zed.
    f('held-one', 'mia', DAY, { probability: 0.2 });
    f('held-one', 'mia', DAY, { probability: 0.9 });
    f('held-one', 'zed', DAY, { probability: 0.6 });
    f('held-one', 'nia', 3 * DAY, { probability: 0.3 });
    f('held-one', 'zed', 4 * DAY, { probability: 0.1 });
    f('held-two', 'zed', 2 * DAY, { probabilities: [0.2, 0.5, 0.3] });
    f('held-two', 'mia', 2 * DAY, { probabilities: [0.6, 0.2, 0.2] });
    f('held-two', 'nia', 5 * DAY, { probabilities: [0.1, 0.1, 0.8] });
    f('held-void', 'mia', DAY, { probability: 0.5 });
    f('held-open', 'zed', DAY, { probability: 0.5 });
    f('held-solo', 'nia', DAY, { probability: 0.25 }); // alone: no relative Brier
    const resolve = (q: string, outcome: unknown) =>
      doc.resolutions.push({ question: q, outcome, occurredAt: null, resolvedAt: iso(10 * DAY), resolvedBy: 'kai' });
    resolve('held-one', 'yes');
    resolve('held-two', 2);
    resolve('held-void', 'annulled');
    resolve('held-solo', 'no');
    const r = await h.call('POST', '/api/import', { token: h.adminToken, body: doc });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toMatchObject({ users: 1, questions: 5, forecasts: 12, resolutions: 4 });

    const one = await ok('GET', '/api/questions/held-one/scores', h.adminToken);
    const mia = one.analysts.find((a: any) => a.handle === 'mia');
    expect(mia.finalBrier).toBeCloseTo(2 * 0.1 ** 2, 12); // 0.9 stands, not 0.2
    expect(one.analysts.map((a: any) => a.handle).sort()).toEqual(['mia', 'nia', 'zed']);
    const alpha = await ok('GET', '/api/questions/alpha/scores', h.adminToken);
    expect(alpha.analysts.map((a: any) => a.handle).sort()).toEqual(['mia', 'nia', 'zed']);
    const scores = await stored(SCORES);
    expect(scores.question_scores!.length).toBe(10); // alpha 3, held-one 3, held-two 3, held-solo 1
    const solo = await ok('GET', '/api/questions/held-solo/scores', h.adminToken);
    expect(solo.analysts[0].relativeBrier).toBeNull();
    const sums = await rollups();
    await expectPooledRollupsMatch(h.database.db, 'after the import');

    await rescoreAll(h.database.db);
    expect(await stored(SCORES)).toEqual(scores);
    expect(await rollups()).toEqual(sums);
  });

  it('stops scoring at the next slice once the COPY has failed', async () => {
    const [q] = await h.database.db.select({ id: questions.id }).from(questions).where(eq(questions.key, 'held-one'));
    const [held] = await readHeldQuestions(h.database.db, [q!.id]);
    const many = Array.from({ length: 60 }, (_, i) => ({ ...held!, question: { ...held!.question, id: 10_000 + i } }));
    const copyFailed = new AbortController();
    let asked = 0;
    const scoring = scoreHeld(
      many,
      (questionId) => {
        if (++asked === 1) copyFailed.abort(new Error('the COPY failed'));
        return [{ id: 1, questionId, analyst: '1', createdAt: T0 + DAY, probs: [0.5, 0.5] }];
      },
      copyFailed.signal,
    );
    await expect(scoring).rejects.toThrow('the COPY failed');
    expect(asked).toBe(25); // the slice under way, and no more
  });
});
