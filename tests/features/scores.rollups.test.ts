/**
 * The rollups (running sums per analyst and tag, grouped calibration events)
 * under churn: a seeded random workspace is resolved, re-resolved with other
 * outcomes and occurredAt, annulled and resolved again many times over HTTP.
 * After every step the rollup-based leaderboard and calibration must equal a
 * from-scratch aggregate by the pure domain within 1e-9, and rescoreAll must
 * leave every answer as it was. The pooled rollups (pooled calibration and its
 * recalibration) must equal the per-analyst rollups summed, after every step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateAnalyst,
  aggregateCrowd,
  backtest,
  binaryProbs,
  calibrate,
  calibrationEvents,
  compareLeaderboardRows,
  recalibrate,
  RecalibrationTermSet,
  scoreQuestion,
  type QuestionScores,
  type QuestionType,
} from '../../src/domain/scoring';
import { rescoreAll } from '../../src/features/scores/rescoring.service';
import { useHarness } from '../helpers/app';
import { expectPooledRollupsMatch } from '../helpers/rollups';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const H = 3_600_000;
const D = 24 * H;
const h = useHarness(new Date(T0).toISOString());

/** mulberry32: a small seeded generator, so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20230913);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;

interface MQuestion {
  key: string;
  type: QuestionType;
  k: number;
  tags: string[];
  closesAt: number;
  forecasts: Array<{ id: number; handle: string; createdAt: number; probs: number[] }>;
  standing: { outcome: number | null; occurredAt: number | null; resolvedAt: number } | null;
}

const HANDLES = ['ann', 'bob', 'cat', 'dan', 'ed', 'flo', 'lea', 'yan', 'zed'];
const teams: Record<string, string[]> = {
  north: ['ann', 'bob', 'cat', 'yan'],
  south: ['cat', 'dan', 'ed', 'flo', 'zed'],
};
const tok: Record<string, string> = {};
const qs: MQuestion[] = [];

function scoresOf(m: MQuestion): QuestionScores | null {
  if (!m.standing || m.standing.outcome === null) return null;
  return scoreQuestion(
    { type: m.type, closesAt: m.closesAt },
    { outcome: m.standing.outcome, occurredAt: m.standing.occurredAt, resolvedAt: m.standing.resolvedAt },
    m.forecasts.map((f) => ({ id: f.id, analyst: f.handle, createdAt: f.createdAt, probs: f.probs })),
  );
}

interface Filter {
  tag?: string;
  team?: string;
}

function selected(f: Filter) {
  return qs.flatMap((m) => {
    const s = scoresOf(m);
    if (!s || s.analysts.length === 0 || (f.tag !== undefined && !m.tags.includes(f.tag))) return [];
    return [{ m, s }];
  });
}

function expectedLeaderboard(f: Filter) {
  const sel = selected(f);
  const handles = f.team ? teams[f.team]! : HANDLES;
  const analysts = handles
    .map((handle) => {
      const rows = sel.flatMap(({ s }) => s.analysts.filter((a) => a.analyst === handle));
      return rows.length ? { handle, displayName: handle.toUpperCase(), ...aggregateAnalyst(rows) } : null;
    })
    .filter((r) => r !== null)
    .sort(compareLeaderboardRows);
  const crowd = aggregateCrowd(
    sel.filter(({ s }) => s.analysts.some((a) => handles.includes(a.analyst))).map(({ s }) => s.crowd!),
  );
  return { analysts, crowd };
}

function expectedCalibration(f: Filter, user: string | undefined, bins: number) {
  const handles = (f.team ? teams[f.team]! : HANDLES).filter((x) => user === undefined || x === user);
  const events = selected(f).flatMap(({ m, s }) =>
    s.analysts
      .filter((a) => handles.includes(a.analyst))
      .flatMap((a) => calibrationEvents(m.type, a.finalProbs, m.standing!.outcome!)),
  );
  const terms = new RecalibrationTermSet();
  for (const { m, s } of selected(f))
    for (const a of s.analysts) if (handles.includes(a.analyst)) terms.add(m.type, a.finalProbs, m.standing!.outcome!);
  return { user: user ?? null, ...calibrate(events, bins), recalibration: recalibrate(terms.input()) };
}

function expectedAggregates(f: Filter) {
  const handles = f.team ? teams[f.team]! : HANDLES;
  return backtest(
    selected(f)
      .filter(({ s }) => s.analysts.some((a) => handles.includes(a.analyst)))
      .map(({ s }) => s.aggregates),
  );
}

/** Same keys, same order, numbers within 1e-9 (the rollups are running sums). */
function expectWithin(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${path}: ${JSON.stringify(actual)}`).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThan(1e-9);
  } else if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toBe(expected);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectWithin((actual as unknown[])[i], e, `${path}[${i}]`));
  } else {
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    expect(act !== null && typeof act === 'object', path).toBe(true);
    expect(Object.keys(act).sort(), `${path} keys`).toEqual(Object.keys(exp).sort());
    for (const k of Object.keys(exp)) expectWithin(act[k], exp[k], `${path}.${k}`);
  }
}

async function get(path: string) {
  const r = await h.call('GET', path, { token: tok.lea });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const query = (p: Record<string, string | number | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) u.set(k, String(v));
  return u.size ? `?${u}` : '';
};

async function checkRollupReads(label: string): Promise<void> {
  await expectPooledRollupsMatch(h.database.db, label);
  // pooled calibration from the pooled rollups, and from the score rows (a window's path)
  expectWithin(
    await get('/api/calibration?bins=10'),
    await get('/api/calibration?bins=10&from=1970-01-01T00:00:00.000Z'),
    `${label}: pooled calibration, rollups vs score rows`,
  );
  for (const f of [{}, { tag: 'x' }, { tag: 'y' }, { team: 'north' }, { team: 'south', tag: 'z' }]) {
    expectWithin(
      await get(`/api/leaderboard${query(f)}`),
      expectedLeaderboard(f),
      `${label}: leaderboard ${JSON.stringify(f)}`,
    );
    expectWithin(
      await get(`/api/aggregates${query(f)}`),
      expectedAggregates(f),
      `${label}: aggregates ${JSON.stringify(f)}`,
    );
  }
  for (const [f, user, bins] of [
    [{}, undefined, 10],
    [{ tag: 'x' }, undefined, 20],
    [{}, 'cat', 10],
    [{ team: 'south' }, undefined, 7],
    [{ tag: 'y' }, 'ann', 5],
  ] as Array<[Filter, string | undefined, number]>) {
    expectWithin(
      await get(`/api/calibration${query({ ...f, user, bins })}`),
      expectedCalibration(f, user, bins),
      `${label}: calibration ${JSON.stringify({ ...f, user, bins })}`,
    );
  }
}

function randomProbs(k: number): number[] {
  if (k === 2) {
    // a grid that crosses bin edges (0.15, 0.35, 0.7) and the ends 0 and 1
    return binaryProbs(pick([0, 0.05, 0.15, 0.2, 0.3, 0.35, 0.5, 0.6, 0.7, 0.85, 0.9, 1]));
  }
  const parts = new Array<number>(k).fill(0);
  for (let i = 0; i < 20; i++) parts[int(0, k - 1)]! += 1;
  return parts.map((x) => x / 20);
}

async function resolve(m: MQuestion, outcome: number | 'annulled', occurredAt: number | null): Promise<void> {
  const wire = outcome === 'annulled' ? 'annulled' : m.type === 'binary' ? (outcome === 1 ? 'yes' : 'no') : outcome;
  const r = await h.call('POST', `/api/questions/${m.key}/resolution`, {
    token: tok.lea,
    body: { outcome: wire, ...(occurredAt !== null ? { occurredAt: new Date(occurredAt).toISOString() } : {}) },
  });
  expect(r.status, `resolving ${m.key}: ${JSON.stringify(r.body)}`).toBe(201);
  m.standing = {
    outcome: outcome === 'annulled' ? null : outcome,
    occurredAt,
    resolvedAt: Date.parse(r.body.resolution.resolvedAt),
  };
}

beforeAll(async () => {
  for (const t of Object.keys(teams)) {
    expect((await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: t, name: t } })).status).toBe(201);
  }
  for (const handle of HANDLES) {
    const mine = Object.keys(teams).filter((t) => teams[t]!.includes(handle));
    tok[handle] = await h.user(handle, handle === 'lea' ? 'lead' : 'analyst', mine.length ? mine : undefined);
  }
  h.clock.set(T0);
  for (let i = 0; i < 10; i++) {
    const type = pick(['binary', 'binary', 'categorical', 'ordinal'] as const);
    const k = type === 'binary' ? 2 : type === 'categorical' ? int(2, 4) : int(3, 5);
    const tags = ['x', 'y', 'z'].filter(() => rand() < 0.5);
    const closesAt = T0 + int(10, 30) * D;
    const key = `q${i}`;
    const r = await h.call('POST', '/api/questions', {
      token: tok.lea,
      body: {
        key,
        title: `Random ${i}`,
        description: '',
        type,
        ...(type === 'binary' ? {} : { options: Array.from({ length: k }, (_, j) => `option ${j}`) }),
        tags,
        closesAt: new Date(closesAt).toISOString(),
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    qs.push({ key, type, k, tags, closesAt, forecasts: [], standing: null });
  }
  // yan and zed: each the only participant of one question, with the same forecast: equal
  // (null) relative Brier and equal TWB, so the handle decides their order
  for (const key of ['solo-yan', 'solo-zed']) {
    expect(
      (
        await h.call('POST', '/api/questions', {
          token: tok.lea,
          body: {
            key,
            title: key,
            description: '',
            type: 'binary',
            tags: ['z'],
            closesAt: new Date(T0 + 5 * D).toISOString(),
          },
        })
      ).status,
    ).toBe(201);
    qs.push({ key, type: 'binary', k: 2, tags: ['z'], closesAt: T0 + 5 * D, forecasts: [], standing: null });
  }
  const plan: Array<{ at: number; m: MQuestion; handle: string; probs: number[] }> = [];
  for (let i = 0; i < 70; i++) {
    const m = pick(qs.slice(0, 10));
    const at = int(1, Math.floor((m.closesAt - T0) / H) - 1) * H;
    plan.push({ at, m, handle: pick(HANDLES.slice(0, 7)), probs: randomProbs(m.k) });
    // now and then a second forecast by the same analyst at the same instant
    if (rand() < 0.1) plan.push({ at, m, handle: plan.at(-1)!.handle, probs: randomProbs(m.k) });
  }
  plan.push(
    { at: D, m: qs[10]!, handle: 'yan', probs: binaryProbs(0.8) },
    { at: D, m: qs[11]!, handle: 'zed', probs: binaryProbs(0.8) },
  );
  plan.sort((a, b) => a.at - b.at);
  for (const { at, m, handle, probs } of plan) {
    h.clock.set(T0 + at);
    const r = await h.call('POST', `/api/questions/${m.key}/forecasts`, {
      token: tok[handle],
      body: m.type === 'binary' ? { probability: probs[1] } : { probabilities: probs },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    m.forecasts.push({
      id: Number(r.body.forecast.id),
      handle,
      createdAt: Date.parse(r.body.forecast.createdAt),
      probs,
    });
  }
  h.clock.set(T0 + 40 * D);
  for (const m of qs) {
    h.clock.advance(H);
    await resolve(m, m.key.startsWith('solo') ? 1 : int(0, m.k - 1), rand() < 0.5 ? null : T0 + int(1, 35) * D);
  }
}, 180_000);

describe('rollups under re-resolution churn', () => {
  it('start: rollup reads equal the domain; ties on relative and time-weighted Brier go by handle', async () => {
    await checkRollupReads('start');
    const z = await get('/api/leaderboard?tag=z');
    const order = z.analysts.map((a: { handle: string }) => a.handle);
    expect(order.indexOf('yan')).toBeLessThan(order.indexOf('zed'));
    expect(order.indexOf('zed')).toBe(order.length - 1);
  });

  it('40 random re-resolutions and annulments: after each, rollups equal a from-scratch aggregate within 1e-9', async () => {
    for (let step = 0; step < 40; step++) {
      const m = pick(qs.slice(0, 10));
      h.clock.advance(H);
      const annul = rand() < 0.15;
      // occurredAt: none (end = closesAt or now), or anywhere from the opening to now
      const occurredAt = rand() < 0.4 ? null : T0 + int(1, 38) * D;
      await resolve(m, annul ? 'annulled' : int(0, m.k - 1), occurredAt);
      await checkRollupReads(`step ${step} (${m.key} -> ${annul ? 'annulled' : m.standing!.outcome})`);
    }
  }, 180_000);

  it('every question score equals the domain, and rescoreAll leaves every answer as it was', async () => {
    for (const m of qs) {
      const s = scoresOf(m);
      const exp =
        !s || s.analysts.length === 0
          ? { analysts: [], crowd: { timeWeightedBrier: null }, aggregates: [] }
          : {
              analysts: s.analysts.map((a) => ({
                handle: a.analyst,
                finalBrier: a.finalBrier,
                timeWeightedBrier: a.timeWeightedBrier,
                relativeBrier: a.relativeBrier,
                finalLogLoss: a.finalLogLoss,
              })),
              crowd: { timeWeightedBrier: s.crowd!.timeWeightedBrier },
              aggregates: s.aggregates.map((a) => ({
                name: a.name,
                finalBrier: a.finalBrier,
                timeWeightedBrier: a.timeWeightedBrier,
                finalLogLoss: a.finalLogLoss,
              })),
            };
      expectWithin(await get(`/api/questions/${m.key}/scores`), exp, m.key);
    }
    const paths = ['', '?tag=x', '?tag=y', '?tag=z', '?team=north', '?team=south'].flatMap((p) => [
      `/api/leaderboard${p}`,
      `/api/calibration${p}`,
      `/api/aggregates${p}`,
    ]);
    const before = await Promise.all(paths.map((p) => get(p)));
    await rescoreAll(h.database.db);
    for (let i = 0; i < paths.length; i++)
      expectWithin(await get(paths[i]!), before[i], `after rescoreAll ${paths[i]}`);
    await checkRollupReads('after rescoreAll');
  });
});
