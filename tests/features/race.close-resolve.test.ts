/**
 * The close/resolve race: forecasts posted while a lead resolves the question.
 * A forecast is accepted only while no resolution stands (docs/scoring.md), so no
 * stored forecast may be timed after the resolution that closed the question.
 * Row locks only mean something on the PostgreSQL server: run there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { createApp, type App } from '../../src/http/app';
import { useHarness } from '../helpers/app';

/** A clock that moves 1 ms on every reading, so the order of readings shows in the times. */
class TickingClock extends ManualClock {
  override now(): Date {
    this.advance(1);
    return super.now();
  }
}

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const DAY = 24 * 3_600_000;
const h = useHarness(new Date(T0).toISOString());
const onServer = Boolean(process.env.TEST_DATABASE_URL);

const clock = new TickingClock(T0);
let app: App;
const tok: Record<string, string> = {};
const analysts = ['ana', 'ben', 'cy', 'dee', 'eve', 'fay'];

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body: parsed };
}

beforeAll(async () => {
  for (const u of analysts) tok[u] = await h.user(u);
  tok.lee = await h.user('lee', 'lead');
  clock.set(T0);
  app = createApp({ db: h.database.db, clock, sessionDays: 14, secureCookies: false });
});

async function newQuestion(key: string, closesAt: number) {
  const r = await call('POST', '/api/questions', tok.lee!, {
    key,
    title: `Race ${key}`,
    description: '',
    type: 'binary',
    opensAt: new Date(T0).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

describe('forecasts racing a resolution', () => {
  it.skipIf(!onServer)('never stores a forecast timed after the resolution that stopped them', async () => {
    const tally = { accepted: 0, refused: 0 };
    for (let round = 0; round < 5; round++) {
      const key = `race-${round}`;
      await newQuestion(key, T0 + 30 * DAY);
      const forecasts = Array.from(
        { length: 30 },
        (_, i) => () =>
          call('POST', `/api/questions/${key}/forecasts`, tok[analysts[i % analysts.length]!]!, {
            probability: ((i % 9) + 1) / 10,
          }),
      );
      const resolution = () =>
        call('POST', `/api/questions/${key}/resolution`, tok.lee!, { outcome: round % 2 ? 'yes' : 'no' });
      // The resolution goes in at a different place each round.
      const at = [0, 10, 15, 20, 29][round]!;
      const jobs = [...forecasts.slice(0, at), resolution, ...forecasts.slice(at)];
      // Forecasts that arrive in one turn of the event loop share a transaction, and so a fate
      // (forecast-batches.ts): started a turn apart, they race the resolution batch by batch.
      const started: Array<ReturnType<(typeof jobs)[number]>> = [];
      for (const job of jobs) {
        started.push(job());
        await new Promise((resolve) => setImmediate(resolve));
      }
      const answers = await Promise.all(started);
      const resolved = answers[at]!;
      const posted = answers.filter((_, i) => i !== at);

      expect(resolved.status, JSON.stringify(resolved.body)).toBe(201);
      const resolvedAt = Date.parse(resolved.body.resolution.resolvedAt);
      for (const a of posted) {
        expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
        if (a.status === 409) expect(a.body.error.code).toBe('conflict');
        else expect(Date.parse(a.body.forecast.createdAt)).toBeLessThan(resolvedAt);
      }

      const stored = await call('GET', `/api/questions/${key}/forecasts`, tok.lee!);
      expect(stored.status).toBe(200);
      const accepted = posted.filter((a) => a.status === 201);
      expect(stored.body.forecasts.map((f: any) => f.id).sort()).toEqual(
        accepted.map((a) => a.body.forecast.id).sort(),
      );
      for (const f of stored.body.forecasts) expect(Date.parse(f.createdAt)).toBeLessThan(resolvedAt);
      const q = await call('GET', `/api/questions/${key}`, tok.lee!);
      expect(q.body.question.status).toBe('resolved');
      expect(q.body.question.forecasts).toBe(accepted.length);
      tally.accepted += accepted.length;
      tally.refused += posted.length - accepted.length;
    }
    // A race, not a queue: over the rounds some forecasts got in before the resolution and some
    // were refused after it (and none stored is later than it, checked above).
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });

  it.skipIf(!onServer)('never stores a forecast timed at or after closesAt while the clock runs out', async () => {
    clock.set(T0 + DAY);
    const closesAt = T0 + DAY + 80;
    await newQuestion('race-close', closesAt);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call('POST', '/api/questions/race-close/forecasts', tok[analysts[i % analysts.length]!]!, { probability: 0.5 }),
      ),
    );
    for (const a of answers) {
      expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
      if (a.status === 201) expect(Date.parse(a.body.forecast.createdAt)).toBeLessThan(closesAt);
    }
    const stored = await call('GET', '/api/questions/race-close/forecasts', tok.lee!);
    expect(stored.body.forecasts).toHaveLength(answers.filter((a) => a.status === 201).length);
    for (const f of stored.body.forecasts) expect(Date.parse(f.createdAt)).toBeLessThan(closesAt);
  });
});

describe('questions posed at once', () => {
  it.skipIf(!onServer)('gives concurrent questions with one title distinct keys, never a conflict', async () => {
    clock.set(T0);
    const answers = await Promise.all(
      analysts.map((u) =>
        call('POST', '/api/questions', tok[u]!, {
          title: 'Same Title',
          description: '',
          type: 'binary',
          closesAt: new Date(T0 + DAY).toISOString(),
        }),
      ),
    );
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(201);
    const keys = answers.map((a) => a.body.question.key as string).sort();
    expect(keys).toEqual([
      'same-title',
      'same-title-2',
      'same-title-3',
      'same-title-4',
      'same-title-5',
      'same-title-6',
    ]);
  });
});
