/**
 * The crowd writer's read (historiesFrom): for each question, every forecast
 * from an instant on, preceded by each analyst's last forecast before it, in
 * scoring order (createdAt, then id). It finds the earlier ones analyst by
 * analyst on an index; here it is checked against the same rows picked out in
 * JavaScript from the whole history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forecasts, questions, users } from '../../src/db/schema';
import { historiesFrom } from '../../src/features/inbox/crowd.repository';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const MIN = 60_000;
const h = useHarness(new Date(T0).toISOString());

interface Row {
  id: number;
  questionId: number;
  userId: number;
  createdAt: number;
}
let all: Row[] = [];
const qids: number[] = [];

/** The expected read, from every row: the last (by createdAt, id) of each analyst before `from`, then all since. */
function expected(questionId: number, from: number) {
  const byOrder = (a: Row, b: Row) => a.createdAt - b.createdAt || a.id - b.id;
  const mine = all.filter((r) => r.questionId === questionId).sort(byOrder);
  const last = new Map<number, Row>();
  for (const r of mine) if (r.createdAt < from) last.set(r.userId, r);
  return [...last.values(), ...mine.filter((r) => r.createdAt >= from)]
    .sort(byOrder)
    .map((r) => ({ id: r.id, userId: r.userId, since: r.createdAt >= from }));
}

beforeAll(async () => {
  for (const who of ['ana', 'ben', 'cy', 'dee', 'eve']) await h.user(who);
  const db = h.database.db;
  const ids = (await db.select({ id: users.id }).from(users)).map((u) => u.id);
  const creator = ids[0]!;
  for (const key of ['one', 'two']) {
    const [q] = await db
      .insert(questions)
      .values({
        key,
        title: key,
        description: '',
        type: 'binary',
        opensAt: new Date(T0 - 30 * MIN),
        closesAt: new Date(T0 + 1000 * MIN),
        createdBy: creator,
        createdAt: new Date(T0 - 30 * MIN),
        updatedAt: new Date(T0 - 30 * MIN),
      })
      .returning({ id: questions.id });
    qids.push(q!.id);
  }
  // A deterministic tangle: several forecasts per analyst before and after the
  // instants read from, some in the same millisecond (the id decides), one
  // analyst only after, one only on the other question.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
  const values: Array<typeof forecasts.$inferInsert> = [];
  for (let i = 0; i < 400; i++) {
    const questionId = qids[rand(2)]!;
    let userId = ids[rand(ids.length)]!;
    const minute = rand(40);
    if (userId === ids[4] && minute < 20) userId = ids[3]!; // eve forecasts only from minute 20 on
    if (userId === ids[2] && questionId === qids[1]) userId = ids[1]!; // cy only on question one
    const p = (rand(99) + 1) / 100;
    values.push({ questionId, userId, createdAt: new Date(T0 + minute * MIN), probs: [1 - p, p] });
  }
  await db.insert(forecasts).values(values);
  all = (
    await db
      .select({ id: forecasts.id, questionId: forecasts.questionId, userId: forecasts.userId, at: forecasts.createdAt })
      .from(forecasts)
  ).map((r) => ({ id: r.id, questionId: r.questionId, userId: r.userId, createdAt: r.at.getTime() }));
});

describe('historiesFrom', () => {
  it('gives each analyst’s last forecast before the instant, then every forecast since, in scoring order', async () => {
    for (const minute of [0, 1, 10, 20, 25, 39, 40]) {
      const from = T0 + minute * MIN;
      const rows = await historiesFrom(
        h.database.db,
        qids.map((questionId) => ({ questionId, from: new Date(from) })),
      );
      for (const q of qids) {
        const got = rows.filter((r) => r.questionId === q).map((r) => ({ id: r.id, userId: r.userId, since: r.since }));
        expect(got, `question ${q} from minute ${minute}`).toEqual(expected(q, from));
      }
      // grouped by question, in the order asked
      const order = rows.map((r) => r.questionId);
      expect(order).toEqual([...order].sort((a, b) => qids.indexOf(a) - qids.indexOf(b)));
    }
  });

  it('reads each question from its own instant', async () => {
    const rows = await historiesFrom(h.database.db, [
      { questionId: qids[0]!, from: new Date(T0 + 5 * MIN) },
      { questionId: qids[1]!, from: new Date(T0 + 30 * MIN) },
    ]);
    expect(rows.filter((r) => r.questionId === qids[0]).map((r) => r.id)).toEqual(
      expected(qids[0]!, T0 + 5 * MIN).map((r) => r.id),
    );
    expect(rows.filter((r) => r.questionId === qids[1]).map((r) => r.id)).toEqual(
      expected(qids[1]!, T0 + 30 * MIN).map((r) => r.id),
    );
  });
});
