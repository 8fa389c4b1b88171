/**
 * The inbox's crowd snapshots are written after a forecast commits, off the
 * request path, one pass per burst (CrowdSnapshots). Should the process die in
 * between, the next start rebuilds what is missing for open questions
 * (repairCrowdSnapshots); a question's snapshot never goes back to an older
 * crowd, and a burst's snapshots equal those rebuilt from the whole history.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastCrowd, forecasts, questionCrowd, questions } from '../../src/db/schema';
import { CrowdSnapshots, repairCrowdSnapshots } from '../../src/features/inbox/crowd.service';
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
const snapshot = async () => {
  await h.crowdSnapshots.flush();
  return (await h.database.db.select().from(forecastCrowd)).map((r) => [Number(r.forecastId), r.probs] as const);
};

beforeAll(async () => {
  for (const who of ['ana', 'ben', 'cy']) tok[who] = await h.user(who);
  await h.binaryQuestion(tok.ana!, 'q', T0 + 90 * DAY);
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

  it('written for a burst of concurrent forecasts, equal those rebuilt from the whole history', async () => {
    const more = ['dee', 'eve', 'fay', 'gus', 'hal'];
    for (const who of more) tok[who] = await h.user(who);
    h.clock.advance(DAY);
    const burst = await Promise.all(
      [...more, 'ana', 'ben', ...more].map(async (who, i) => {
        if (i >= 7) h.clock.advance(1000);
        const r = await h.call('POST', '/api/questions/q/forecasts', {
          token: tok[who],
          body: { probability: 0.05 + 0.06 * i },
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body.forecast.id as number;
      }),
    );
    const written = new Map(await snapshot());
    for (const id of burst) expect(written.has(id), `forecast ${id} has a snapshot`).toBe(true);
    const [nowBefore] = await h.database.db
      .select()
      .from(questionCrowd)
      .where(eq(questionCrowd.questionId, questionId));
    await h.database.db.delete(forecastCrowd);
    await h.database.db.delete(questionCrowd);
    expect(await repairCrowdSnapshots(h.database.db, h.clock.now())).toBe(1);
    const rebuilt = new Map(await snapshot());
    expect(rebuilt.size).toBe(written.size);
    for (const [id, probs] of rebuilt) {
      (probs as number[]).forEach((p, k) => expect((written.get(id) as number[])[k]).toBeCloseTo(p, 12));
    }
    const [nowAfter] = await h.database.db.select().from(questionCrowd).where(eq(questionCrowd.questionId, questionId));
    expect(nowBefore!.probs[1]).toBeCloseTo(nowAfter!.probs[1]!, 12);
    expect(nowBefore!.at.getTime()).toBe(nowAfter!.at.getTime());
  });

  it('in one pass over forecasts of different times, give each the crowd just after it', async () => {
    const all = await h.database.db
      .select({ id: forecasts.id, createdAt: forecasts.createdAt })
      .from(forecasts)
      .where(eq(forecasts.questionId, questionId))
      .orderBy(forecasts.createdAt, forecasts.id);
    const rebuilt = new Map(await snapshot());
    await h.database.db.delete(forecastCrowd);
    // One writer, fed every forecast but the first two at once: the pass starts from the earliest.
    const writer = new CrowdSnapshots(h.database.db, (e) => {
      throw e;
    });
    for (const f of all.slice(2).reverse()) writer.forecastAccepted({ id: questionId, type: 'binary' }, f);
    await writer.flush();
    const written = new Map(await snapshot());
    expect(written.size).toBe(all.length - 2);
    for (const [id, probs] of written) {
      (probs as number[]).forEach((p, k) => expect((rebuilt.get(id) as number[])[k]).toBeCloseTo(p, 12));
    }
    expect(new Set([...written.values()].map((p) => (p as number[])[1]!.toFixed(6))).size).toBeGreaterThan(1);
  });

  it('order forecasts made in the same millisecond by acceptance: the first one’s crowd leaves out the second', async () => {
    await h.binaryQuestion(tok.ana!, 'tie', T0 + 90 * DAY);
    const post = async (who: string, probability: number) => {
      const f = await h.call('POST', '/api/questions/tie/forecasts', { token: tok[who], body: { probability } });
      expect(f.status, JSON.stringify(f.body)).toBe(201);
      return f.body.forecast.id as number;
    };
    const a = await post('ana', 0.4);
    const b = await post('ben', 0.9);
    const check = async () => {
      const byId = new Map(await snapshot());
      expect((byId.get(a) as number[])[1]).toBeCloseTo(0.4, 12);
      expect((byId.get(b) as number[])[1]).toBeCloseTo(0.65, 12);
    };
    await check();
    await h.database.db.delete(forecastCrowd);
    await h.database.db.delete(questionCrowd);
    expect(await repairCrowdSnapshots(h.database.db, h.clock.now())).toBe(2);
    await check();
  });

  it('under a stream wait a gap between passes, except for a reader: flush starts the next pass at once', async () => {
    await h.binaryQuestion(tok.ana!, 'gap', T0 + 90 * DAY);
    const f = await h.call('POST', '/api/questions/gap/forecasts', { token: tok.ana, body: { probability: 0.3 } });
    expect(f.status).toBe(201);
    const [first] = await h.database.db.select().from(forecasts).where(eq(forecasts.questionId, questionId)).limit(1);
    const [other] = await h.database.db
      .select()
      .from(forecasts)
      .where(eq(forecasts.id, f.body.forecast.id as number));
    const has = async (id: number) =>
      (await h.database.db.select().from(forecastCrowd).where(eq(forecastCrowd.forecastId, id))).length === 1;
    const withinTheGap = (flushed: Promise<void>) =>
      Promise.race([flushed.then(() => 'flushed'), new Promise((resolve) => setTimeout(resolve, 20_000, 'waited'))]);
    for (const wakes of ['at the end of the pass under way', 'during the gap'] as const) {
      await h.crowdSnapshots.flush();
      await h.database.db.delete(forecastCrowd);
      // Another question's forecast arrives while the first pass is under way (as its transaction
      // begins: on PGlite a pass would otherwise end before anything else runs). It is left for
      // the next pass, a gap (a minute) later.
      let arrives: (() => void) | null = null;
      const db = new Proxy(h.database.db, {
        get(target, prop) {
          if (prop !== 'transaction') return Reflect.get(target, prop) as unknown;
          return (...args: Parameters<typeof target.transaction>) => {
            arrives?.();
            arrives = null;
            return target.transaction(...args);
          };
        },
      });
      const writer = new CrowdSnapshots(
        db,
        (e) => {
          throw e;
        },
        60_000,
      );
      let flushed: Promise<void> | undefined;
      arrives = () => {
        writer.forecastAccepted({ id: other!.questionId, type: 'binary' }, other!);
        if (wakes === 'at the end of the pass under way') flushed = writer.flush();
      };
      writer.forecastAccepted({ id: questionId, type: 'binary' }, first!);
      while (arrives) await new Promise((resolve) => setImmediate(resolve));
      if (wakes === 'during the gap') {
        while (!(await has(first!.id))) await new Promise((resolve) => setTimeout(resolve, 20));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await has(other!.id), 'the writer waits').toBe(false);
        flushed = writer.flush();
      }
      expect(await withinTheGap(flushed!), wakes).toBe('flushed');
      expect(await has(other!.id), wakes).toBe(true);
      await writer.flush(); // nothing left: returns at once
    }
  }, 60_000);
});
