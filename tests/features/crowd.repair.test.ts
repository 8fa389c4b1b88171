/**
 * The inbox's crowd snapshots are written after a forecast commits. Should the
 * process die in between, the next start rebuilds what is missing for open
 * questions (repairCrowdSnapshots); a question's snapshot never goes back to an
 * older crowd.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastCrowd, questionCrowd, questions } from '../../src/db/schema';
import { repairCrowdSnapshots } from '../../src/features/inbox/crowd.service';
import { useHarness } from '../helpers/app';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 86_400_000;
const h = useHarness(new Date(T0).toISOString());
const tok: Record<string, string> = {};
let questionId = 0;

async function forecast(who: string, probability: number) {
  h.clock.advance(DAY);
  const r = await h.call('POST', '/api/questions/q/forecasts', { token: tok[who], body: { probability } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.forecast.id as number;
}
const snapshot = async () =>
  (await h.database.db.select().from(forecastCrowd)).map((r) => [Number(r.forecastId), r.probs] as const);

beforeAll(async () => {
  for (const who of ['ana', 'ben', 'cy']) tok[who] = await h.user(who);
  const r = await h.call('POST', '/api/questions', {
    token: tok.ana,
    body: { key: 'q', title: 'Q?', description: '', type: 'binary', closesAt: new Date(T0 + 90 * DAY).toISOString() },
  });
  expect(r.status).toBe(201);
  questionId = (await h.database.db.select().from(questions).where(eq(questions.key, 'q')))[0]!.id;
});

describe('crowd snapshots', () => {
  it('are written with each forecast: the crowd standing just after it, and the question’s now', async () => {
    const a = await forecast('ana', 0.2);
    const b = await forecast('ben', 0.6);
    const c = await forecast('cy', 0.7);
    const byId = new Map((await snapshot()).map(([id, p]) => [id, p]));
    expect(byId.get(a)).toEqual([0.8, 0.2]);
    expect((byId.get(b) as number[])[1]).toBeCloseTo(0.4, 12);
    expect((byId.get(c) as number[])[1]).toBeCloseTo(0.6, 12);
    const [now] = await h.database.db.select().from(questionCrowd).where(eq(questionCrowd.questionId, questionId));
    expect(now!.probs[1]).toBeCloseTo(0.6, 12);
  });

  it('are rebuilt at start for open questions whose forecasts lack one, and only then', async () => {
    const before = await snapshot();
    await h.database.db.delete(forecastCrowd);
    await h.database.db.delete(questionCrowd);
    expect(await repairCrowdSnapshots(h.database.db, h.clock.now())).toBe(1);
    const after = await snapshot();
    expect(after.length).toBe(before.length);
    for (const [id, probs] of before) {
      const got = after.find(([i]) => i === id)![1] as number[];
      (probs as number[]).forEach((p, k) => expect(got[k]).toBeCloseTo(p, 12));
    }
    expect(await repairCrowdSnapshots(h.database.db, h.clock.now())).toBe(0);
  });
});
