/**
 * The score routes over HTTP against the pure domain: a workspace of analysts,
 * teams and questions of every type is built through the API, the same raw
 * data is kept here, and every answer of /questions/{key}/scores,
 * /leaderboard, /calibration, /users/{handle}/scores and /brier-by-month must
 * equal what src/domain/scoring computes from it (docs/scoring.md, docs/api.md).
 * Then re-resolutions, an annulment and a team change move the answers, and
 * rescoreAll must reproduce the incremental answers exactly.
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

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const H = 3_600_000;
const D = 24 * H;
const h = useHarness(new Date(T0).toISOString());

// ---- The raw data, as the test made it ----

interface MForecast {
  id: number;
  handle: string;
  createdAt: number;
  probs: number[];
}
interface MResolution {
  /** option index; null = annulled */
  outcome: number | null;
  occurredAt: number | null;
  resolvedAt: number;
}
interface MQuestion {
  key: string;
  title: string;
  type: QuestionType;
  options: string[] | null;
  tags: string[];
  closesAt: number;
  forecasts: MForecast[];
  resolutions: MResolution[];
}

const ROLES: Record<string, 'analyst' | 'lead'> = {
  ana: 'analyst',
  ben: 'analyst',
  cy: 'analyst',
  dee: 'analyst',
  eve: 'analyst',
  fay: 'analyst', // forecasts only on the unresolved question
  gus: 'analyst', // never forecasts
  lee: 'lead', // forecasts too: the leaderboard lists every role
};
const HANDLES = Object.keys(ROLES);
const teams: Record<string, string[]> = {
  red: ['ana', 'ben', 'cy', 'gus'],
  blue: ['cy', 'dee', 'eve', 'lee'],
  empty: [],
};
const tok: Record<string, string> = {};
const qs = new Map<string, MQuestion>();

function q(key: string): MQuestion {
  const found = qs.get(key);
  if (!found) throw new Error(`no question ${key}`);
  return found;
}

// ---- What the domain says about that data ----

function scoresOf(m: MQuestion): QuestionScores | null {
  const r = m.resolutions.at(-1);
  if (!r || r.outcome === null) return null;
  return scoreQuestion(
    { type: m.type, closesAt: m.closesAt },
    { outcome: r.outcome, occurredAt: r.occurredAt, resolvedAt: r.resolvedAt },
    m.forecasts.map((f) => ({ id: f.id, analyst: f.handle, createdAt: f.createdAt, probs: f.probs })),
  );
}

function outcomeOf(m: MQuestion): number {
  return m.resolutions.at(-1)!.outcome!;
}

interface Filter {
  tag?: string;
  team?: string;
  from?: string;
  to?: string;
}

/** docs/api.md: a date alone is 00:00 UTC. */
function instant(v: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00.000Z`) : Date.parse(v);
}

function listed(f: Filter): string[] {
  return f.team !== undefined ? teams[f.team]! : HANDLES;
}

/** The resolved, not annulled questions with a scored forecast that pass tag and window. */
function selected(f: Filter): Array<{ m: MQuestion; s: QuestionScores }> {
  const out: Array<{ m: MQuestion; s: QuestionScores }> = [];
  for (const m of qs.values()) {
    const s = scoresOf(m);
    if (!s || s.analysts.length === 0) continue;
    if (f.tag !== undefined && !m.tags.includes(f.tag)) continue;
    if (f.from !== undefined && s.end < instant(f.from)) continue;
    if (f.to !== undefined && s.end >= instant(f.to)) continue;
    out.push({ m, s });
  }
  return out;
}

function expectedQuestionScores(key: string) {
  const s = scoresOf(q(key));
  if (!s || s.analysts.length === 0) return { analysts: [], crowd: { timeWeightedBrier: null }, aggregates: [] };
  return {
    analysts: s.analysts
      .map((a) => ({
        handle: a.analyst,
        finalBrier: a.finalBrier,
        timeWeightedBrier: a.timeWeightedBrier,
        relativeBrier: a.relativeBrier,
        finalLogLoss: a.finalLogLoss,
      }))
      .sort((a, b) => (a.handle < b.handle ? -1 : 1)),
    crowd: { timeWeightedBrier: s.crowd!.timeWeightedBrier },
    aggregates: s.aggregates.map((a) => ({
      name: a.name,
      finalBrier: a.finalBrier,
      timeWeightedBrier: a.timeWeightedBrier,
      finalLogLoss: a.finalLogLoss,
    })),
  };
}

/** The backtest over the questions the leaderboard's crowd row covers (docs/scoring.md). */
function expectedAggregates(f: Filter) {
  const handles = listed(f);
  return backtest(
    selected(f)
      .filter(({ s }) => s.analysts.some((a) => handles.includes(a.analyst)))
      .map(({ s }) => s.aggregates),
  );
}

function expectedLeaderboard(f: Filter) {
  const sel = selected(f);
  const handles = listed(f);
  const analysts = handles
    .map((handle) => {
      const rows = sel.flatMap(({ s }) => s.analysts.filter((a) => a.analyst === handle));
      return rows.length ? { handle, displayName: handle.toUpperCase(), ...aggregateAnalyst(rows) } : null;
    })
    .filter((r) => r !== null)
    .sort(compareLeaderboardRows);
  const crowdRows = sel.filter(({ s }) => s.analysts.some((a) => handles.includes(a.analyst))).map(({ s }) => s.crowd!);
  return { analysts, crowd: aggregateCrowd(crowdRows) };
}

function expectedCalibration(f: Filter, user: string | undefined, bins: number) {
  const handles = listed(f).filter((x) => user === undefined || x === user);
  const events = selected(f).flatMap(({ m, s }) =>
    s.analysts
      .filter((a) => handles.includes(a.analyst))
      .flatMap((a) => calibrationEvents(m.type, a.finalProbs, outcomeOf(m))),
  );
  const terms = new RecalibrationTermSet();
  for (const { m, s } of selected(f))
    for (const a of s.analysts) if (handles.includes(a.analyst)) terms.add(m.type, a.finalProbs, outcomeOf(m));
  return { user: user ?? null, ...calibrate(events, bins), recalibration: recalibrate(terms.input()) };
}

function expectedUserScores(handle: string, f: Filter) {
  const rows = selected({ ...f, team: undefined }).flatMap(({ m, s }) => {
    const a = s.analysts.find((x) => x.analyst === handle);
    if (!a) return [];
    const outcome = outcomeOf(m);
    return [
      {
        question: m.key,
        title: m.title,
        type: m.type,
        options: m.options,
        tags: m.tags,
        end: new Date(s.end).toISOString(),
        outcome: m.type === 'binary' ? (outcome === 1 ? 'yes' : 'no') : outcome,
        finalProbabilities: a.finalProbs,
        finalBrier: a.finalBrier,
        timeWeightedBrier: a.timeWeightedBrier,
        relativeBrier: a.relativeBrier,
        finalLogLoss: a.finalLogLoss,
        crowdTimeWeightedBrier: s.crowd!.timeWeightedBrier,
        scoredForecasts: a.scoredForecasts,
        _end: s.end,
      },
    ];
  });
  rows.sort((a, b) => b._end - a._end || (a.question < b.question ? -1 : 1));
  return { user: handle, questions: rows.map(({ _end, ...r }) => r) };
}

function expectedBrierByMonth(f: Filter) {
  const sel = selected(f);
  const per = new Map<string, Map<string, number[]>>();
  for (const handle of listed(f)) {
    for (const { s } of sel) {
      const a = s.analysts.find((x) => x.analyst === handle);
      if (!a) continue;
      const month = new Date(s.end).toISOString().slice(0, 7);
      const byMonth = per.get(handle) ?? new Map<string, number[]>();
      byMonth.set(month, [...(byMonth.get(month) ?? []), a.timeWeightedBrier]);
      per.set(handle, byMonth);
    }
  }
  const months = [...new Set([...per.values()].flatMap((m) => [...m.keys()]))].sort();
  const analysts = [...per.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([handle, byMonth]) => ({
      handle,
      points: [...byMonth.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([month, twbs]) => ({
          month,
          questions: twbs.length,
          meanTimeWeightedBrier: twbs.reduce((x, y) => x + y, 0) / twbs.length,
        })),
    }));
  return { months, analysts };
}

// ---- Comparing ----

/** Same shape exactly (same keys, same array lengths and order), numbers within 1e-10. */
function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${path} should be a number, got ${JSON.stringify(actual)}`).toBe('number');
    expect(actual as number, path).toBeCloseTo(expected, 10);
  } else if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toBe(expected);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} should be an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
  } else {
    expect(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path} should be an object`).toBe(
      true,
    );
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    expect(Object.keys(act).sort(), `${path} keys`).toEqual(Object.keys(exp).sort());
    for (const k of Object.keys(exp)) expectSame(act[k], exp[k], `${path}.${k}`);
  }
}

function qsOf(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

async function get(path: string, who = 'lee') {
  const r = await h.call('GET', path, { token: who === 'admin' ? h.adminToken : tok[who] });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const FILTERS: Filter[] = [
  {},
  { tag: 'geo' },
  { tag: 'econ' },
  { tag: 'tech' },
  { tag: 'misc' },
  { tag: 'nosuch' },
  { team: 'red' },
  { team: 'blue' },
  { team: 'empty' },
  // q1's window ends exactly at 2023-09-06T00:00Z: [from, to) keeps it on the from side only
  { from: '2023-09-06' },
  { to: '2023-09-06' },
  { from: '2023-09-06T02:00:00+02:00', to: '2023-10-01' },
  { from: '2023-09-06T00:00:00.001Z' },
  { from: '2023-10-01', to: '2023-11-01T00:00:00Z' },
  { from: '2023-10-01', to: '2023-09-01' },
  { tag: 'geo', team: 'blue' },
  { tag: 'econ', team: 'red', from: '2023-09-01', to: '2023-10-02' },
  { team: 'blue', from: '2023-09-10' },
  { tag: 'tech', to: '2023-10-01T00:00:00.000Z' },
];

async function checkQuestionScores(): Promise<void> {
  for (const key of qs.keys()) {
    const body = await get(`/api/questions/${key}/scores`, 'ana');
    expectSame(body, expectedQuestionScores(key), `scores(${key})`);
  }
}

async function checkLeaderboards(): Promise<void> {
  for (const f of FILTERS) {
    const body = await get(`/api/leaderboard${qsOf({ ...f })}`, 'ben');
    expectSame(body, expectedLeaderboard(f), `leaderboard ${JSON.stringify(f)}`);
  }
}

async function checkAggregates(): Promise<void> {
  for (const f of FILTERS) {
    const body = await get(`/api/aggregates${qsOf({ ...f })}`, 'ben');
    expectSame(body, expectedAggregates(f), `aggregates ${JSON.stringify(f)}`);
  }
}

async function checkCalibrations(): Promise<void> {
  const cases: Array<{ f: Filter; user?: string; bins?: number }> = [];
  for (const f of [
    {},
    { tag: 'geo' },
    { team: 'blue' },
    { from: '2023-09-06', to: '2023-10-01' },
    { tag: 'econ', team: 'red', from: '2023-09-06' },
  ]) {
    cases.push({ f });
    for (const user of HANDLES) cases.push({ f, user });
  }
  for (const bins of [1, 3, 7, 20, 100])
    cases.push({ f: {}, bins }, { f: {}, user: 'ana', bins }, { f: { tag: 'geo' }, user: 'cy', bins });
  for (const { f, user, bins } of cases) {
    const body = await get(`/api/calibration${qsOf({ ...f, user, bins })}`, 'lee');
    expectSame(body, expectedCalibration(f, user, bins ?? 10), `calibration ${JSON.stringify({ ...f, user, bins })}`);
  }
}

async function checkUserScores(): Promise<void> {
  for (const handle of HANDLES) {
    for (const f of [{}, { tag: 'geo' }, { from: '2023-09-06', to: '2023-10-01' }]) {
      const body = await get(`/api/users/${handle}/scores${qsOf({ ...f })}`, 'lee');
      expectSame(body, expectedUserScores(handle, f), `users/${handle}/scores ${JSON.stringify(f)}`);
    }
  }
}

async function checkBrierByMonth(): Promise<void> {
  for (const f of [{}, { tag: 'geo' }, { team: 'red' }, { from: '2023-09-06', to: '2023-11-01' }, { team: 'empty' }]) {
    // A lead: an analyst may be refused a narrow pool (tests/features/security.pools.test.ts).
    const body = await get(`/api/brier-by-month${qsOf({ ...f })}`, 'lee');
    expectSame(body, expectedBrierByMonth(f), `brier-by-month ${JSON.stringify(f)}`);
  }
}

async function checkEverything(): Promise<void> {
  await checkQuestionScores();
  await checkLeaderboards();
  await checkAggregates();
  await checkCalibrations();
  await checkUserScores();
  await checkBrierByMonth();
}

// ---- Building the workspace over HTTP ----

async function ask(
  key: string,
  type: QuestionType,
  closesAt: number,
  tags: string[],
  options: string[] | null = null,
): Promise<void> {
  const title = `Question ${key}`;
  const r = await h.call('POST', '/api/questions', {
    token: tok.lee,
    body: {
      key,
      title,
      description: 'for the score tests',
      type,
      ...(options ? { options } : {}),
      tags,
      closesAt: new Date(closesAt).toISOString(),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  qs.set(key, { key, title, type, options, tags, closesAt, forecasts: [], resolutions: [] });
}

async function forecast(key: string, handle: string, value: number | number[]): Promise<void> {
  const r = await h.call('POST', `/api/questions/${key}/forecasts`, {
    token: tok[handle],
    body: typeof value === 'number' ? { probability: value } : { probabilities: value },
  });
  expect(r.status, `${handle} on ${key}: ${JSON.stringify(r.body)}`).toBe(201);
  q(key).forecasts.push({
    id: Number(r.body.forecast.id),
    handle,
    createdAt: Date.parse(r.body.forecast.createdAt),
    probs: typeof value === 'number' ? binaryProbs(value) : [...value],
  });
}

/** Resolves (or re-resolves) at the clock's current time, as the lead. */
async function resolve(key: string, outcome: 'yes' | 'no' | 'annulled' | number, occurredAt?: number): Promise<void> {
  const r = await h.call('POST', `/api/questions/${key}/resolution`, {
    token: tok.lee,
    body: { outcome, ...(occurredAt !== undefined ? { occurredAt: new Date(occurredAt).toISOString() } : {}) },
  });
  expect(r.status, `resolving ${key}: ${JSON.stringify(r.body)}`).toBe(201);
  q(key).resolutions.push({
    outcome: outcome === 'annulled' ? null : outcome === 'yes' ? 1 : outcome === 'no' ? 0 : outcome,
    occurredAt: occurredAt ?? null,
    resolvedAt: Date.parse(r.body.resolution.resolvedAt),
  });
}

type Step = { at: number; run: () => Promise<void> };
const plan: Step[] = [];
const F = (key: string, handle: string, at: number, value: number | number[]) =>
  plan.push({ at, run: () => forecast(key, handle, value) });
const R = (key: string, at: number, outcome: 'yes' | 'no' | 'annulled' | number, occurredAt?: number) =>
  plan.push({ at, run: () => resolve(key, outcome, occurredAt === undefined ? undefined : T0 + occurredAt) });

beforeAll(async () => {
  for (const t of ['red', 'blue', 'empty']) {
    const r = await h.call('POST', '/api/teams', { token: h.adminToken, body: { key: t, name: t.toUpperCase() } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  for (const handle of HANDLES) {
    const mine = Object.keys(teams).filter((t) => teams[t]!.includes(handle));
    tok[handle] = await h.user(handle, ROLES[handle], mine.length ? mine : undefined);
  }
  h.clock.set(T0);
  const cat3 = ['alpha', 'beta', 'gamma'];
  const cat4 = ['w', 'x', 'y', 'z'];
  const ord4 = ['before Sep 10', 'Sep 10-13', 'Sep 14-20', 'later'];
  const ord5 = ['<1%', '1-2%', '2-3%', '3-4%', '>4%'];
  await ask('b-geo', 'binary', T0 + 20 * D, ['geo', 'econ']);
  await ask('b-late', 'binary', T0 + 30 * D, ['geo']);
  await ask('c-econ', 'categorical', T0 + 25 * D, ['econ'], cat3);
  await ask('o-tech', 'ordinal', T0 + 40 * D, ['tech'], ord4);
  await ask('b-flip', 'binary', T0 + 15 * D, ['tech', 'geo']);
  await ask('c-annul', 'categorical', T0 + 20 * D, ['geo'], cat4);
  await ask('b-open', 'binary', T0 + 200 * D, ['geo']);
  await ask('b-solo', 'binary', T0 + 20 * D, ['misc']);
  await ask('o-oct', 'ordinal', Date.parse('2023-10-01T00:00:00.000Z'), ['econ'], ord5);
  await ask('b-same', 'binary', T0 + 20 * D, ['misc']);
  await ask('c-edge', 'categorical', T0 + 20 * D, ['tech'], ['a', 'b']);
  await ask('b-nov', 'binary', Date.parse('2023-11-10T00:00:00.000Z'), ['geo', 'tech']);
  await ask('b-empty', 'binary', T0 + 20 * D, ['misc']);
  await ask('b-alllate', 'binary', T0 + 20 * D, ['misc']);

  // b-geo: resolved before it closes, no occurredAt: end = resolvedAt (Sep 6 00:00, a day boundary)
  F('b-geo', 'ana', 1 * H, 0.6);
  F('b-geo', 'ben', 2 * H, 0.3);
  F('b-geo', 'cy', 3 * H, 0.5);
  F('b-geo', 'ana', 1 * D, 0.8);
  F('b-geo', 'dee', 2 * D, 0.7);
  F('b-geo', 'cy', 3 * D, 0.4);
  F('b-geo', 'lee', 4 * D, 0.55);
  R('b-geo', 5 * D, 'yes');
  // b-late: occurredAt before some forecasts; dee only forecast after it (not a participant)
  F('b-late', 'ben', 2 * H, 0.2);
  F('b-late', 'eve', 5 * H, 0.9);
  F('b-late', 'ana', 6 * D, 0.4);
  F('b-late', 'dee', 8 * D, 0.1);
  F('b-late', 'ben', 9 * D, 0.15);
  R('b-late', 10 * D, 'no', 7 * D);
  // c-econ: categorical, 3 options
  F('c-econ', 'ana', 4 * H, [0.2, 0.5, 0.3]);
  F('c-econ', 'cy', 1 * D, [0.1, 0.1, 0.8]);
  F('c-econ', 'eve', 2 * D, [0.34, 0.33, 0.33]);
  F('c-econ', 'ana', 3 * D, [0.1, 0.2, 0.7]);
  F('c-econ', 'lee', 4 * D, [0.6, 0.2, 0.2]);
  R('c-econ', 12 * D, 2);
  // o-tech: ordinal, 4 options, a zero on what happened for nobody, resolved in October
  F('o-tech', 'ben', 1 * D, [0.1, 0.2, 0.3, 0.4]);
  F('o-tech', 'dee', 2 * D, [0.25, 0.25, 0.25, 0.25]);
  F('o-tech', 'eve', 5 * D, [0, 0.5, 0.5, 0]);
  F('o-tech', 'ben', 10 * D, [0.05, 0.15, 0.6, 0.2]);
  F('o-tech', 'cy', 20 * D, [0.7, 0.1, 0.1, 0.1]);
  R('o-tech', 35 * D, 1);
  // b-flip: re-resolved later in the tests
  F('b-flip', 'ana', 1 * H, 0.7);
  F('b-flip', 'ben', 1 * D, 0.65);
  F('b-flip', 'cy', 2 * D, 0.2);
  F('b-flip', 'dee', 3 * D, 0.9);
  F('b-flip', 'eve', 4 * D, 0.35);
  F('b-flip', 'ana', 5 * D, 0.75);
  R('b-flip', 14 * D, 'yes', 13 * D);
  // c-annul: resolved, then annulled
  F('c-annul', 'ana', 1 * D, [0.4, 0.3, 0.2, 0.1]);
  F('c-annul', 'cy', 2 * D, [0.1, 0.2, 0.3, 0.4]);
  F('c-annul', 'eve', 3 * D, [0.25, 0.25, 0.25, 0.25]);
  R('c-annul', 8 * D, 0);
  R('c-annul', 9 * D, 'annulled');
  // b-open: never resolved
  F('b-open', 'fay', 1 * D, 0.5);
  F('b-open', 'ana', 2 * D, 0.3);
  // b-solo: one participant, relative Brier null
  F('b-solo', 'lee', 1 * D, 0.8);
  R('b-solo', 6 * D, 'yes');
  // o-oct: closes at Oct 1 00:00, resolved after: end = closesAt, month 2023-10
  F('o-oct', 'ana', 2 * D, [0.1, 0.2, 0.4, 0.2, 0.1]);
  F('o-oct', 'ben', 3 * D, [0.05, 0.05, 0.1, 0.3, 0.5]);
  F('o-oct', 'cy', 6 * D, [0.2, 0.2, 0.2, 0.2, 0.2]);
  F('o-oct', 'dee', 9 * D, [0, 0, 1, 0, 0]);
  F('o-oct', 'eve', 12 * D, [0.3, 0.3, 0.2, 0.1, 0.1]);
  F('o-oct', 'ana', 20 * D, [0.05, 0.15, 0.5, 0.2, 0.1]);
  R('o-oct', 32 * D, 2);
  // b-same: ben's two forecasts at one instant (the later id stands), ana certain and wrong (log loss floor)
  F('b-same', 'ben', 1 * D, 0.4);
  F('b-same', 'ben', 1 * D, 0.9);
  F('b-same', 'cy', 1 * D, 0.6);
  F('b-same', 'ana', 2 * D, 1);
  R('b-same', 3 * D, 'no');
  // c-edge: ben's forecast lands exactly at occurredAt (not scored: ben is no participant)
  F('c-edge', 'ana', 1 * D, [0.3, 0.7]);
  F('c-edge', 'eve', 2 * D, [0.5, 0.5]);
  F('c-edge', 'ben', 3 * D, [0.9, 0.1]);
  R('c-edge', 4 * D, 0, 3 * D);
  // b-nov: resolved after it closed: end = closesAt (Nov 10)
  F('b-nov', 'cy', 50 * D, 0.3);
  F('b-nov', 'dee', 55 * D, 0.6);
  F('b-nov', 'eve', 60 * D, 0.45);
  F('b-nov', 'ana', 65 * D, 0.05);
  R('b-nov', 75 * D, 'no');
  // b-empty: no forecasts at all; b-alllate: every forecast after occurredAt
  R('b-empty', 5 * D, 'yes');
  F('b-alllate', 'ana', 2 * D, 0.5);
  R('b-alllate', 3 * D, 'yes', 1 * D);

  plan.sort((a, b) => a.at - b.at); // stable: same-instant steps keep their order
  for (const step of plan) {
    h.clock.set(T0 + step.at);
    await step.run();
  }
  h.clock.set(T0 + 80 * D);
}, 120_000);

describe('score routes equal the domain on a workspace built over HTTP', () => {
  it('the workspace is what the tests meant to build', () => {
    const s = (key: string) => scoresOf(q(key));
    expect(
      s('b-late')!
        .analysts.map((a) => a.analyst)
        .sort(),
    ).toEqual(['ana', 'ben', 'eve']);
    expect(s('b-late')!.analysts.find((a) => a.analyst === 'ben')!.scoredForecasts).toBe(1);
    expect(
      s('c-edge')!
        .analysts.map((a) => a.analyst)
        .sort(),
    ).toEqual(['ana', 'eve']);
    expect(s('b-solo')!.analysts[0]!.relativeBrier).toBeNull();
    expect(s('b-same')!.analysts.find((a) => a.analyst === 'ben')!.finalProbs[1]).toBe(0.9);
    expect(s('b-same')!.analysts.find((a) => a.analyst === 'ana')!.finalLogLoss).toBeCloseTo(-Math.log(0.001), 12);
    expect(new Date(s('o-oct')!.end).toISOString()).toBe('2023-10-01T00:00:00.000Z');
    expect(new Date(s('b-geo')!.end).toISOString()).toBe('2023-09-06T00:00:00.000Z');
    expect(s('b-alllate')!.analysts).toEqual([]);
    expect(s('c-annul')).toBeNull();
    expect(s('b-open')).toBeNull();
  });

  it('GET /questions/{key}/scores: every participant by handle and the crowd, as the domain scores them', async () => {
    await checkQuestionScores();
    const flip = await get('/api/questions/b-flip/scores');
    expect(flip.analysts.map((a: { handle: string }) => a.handle)).toEqual(['ana', 'ben', 'cy', 'dee', 'eve']);
  });

  it('GET /questions/{key}/scores: unresolved, annulled, no forecast, no scored forecast -> empty', async () => {
    for (const key of ['b-open', 'c-annul', 'b-empty', 'b-alllate']) {
      const body = await get(`/api/questions/${key}/scores`);
      expect(body, key).toEqual({ analysts: [], crowd: { timeWeightedBrier: null }, aggregates: [] });
    }
    expect((await h.call('GET', '/api/questions/no-such/scores', { token: tok.ana })).status).toBe(404);
    expect((await h.call('GET', '/api/questions/b-geo/scores')).status).toBe(401);
  });

  it('GET /leaderboard: unfiltered, by tag, team, window (instants and dates) and combinations', async () => {
    await checkLeaderboards();
    const all = await get('/api/leaderboard');
    // every role is listed; analysts without a scored question are not
    const handles = all.analysts.map((a: { handle: string }) => a.handle);
    expect(handles).toContain('lee');
    expect(handles).not.toContain('fay');
    expect(handles).not.toContain('gus');
    const misc = await get('/api/leaderboard?tag=misc');
    // lee's only misc question is b-solo: one question, no CI, no relative Brier; sorted after the rest
    const leeMisc = misc.analysts.find((a: { handle: string }) => a.handle === 'lee');
    expect(leeMisc).toMatchObject({
      questions: 1,
      timeWeightedBrierCi95: null,
      meanRelativeBrier: null,
      relativeQuestions: 0,
    });
    expect(misc.analysts.at(-1).handle).toBe('lee');
    expect(all.analysts.find((a: { handle: string }) => a.handle === 'ana').timeWeightedBrierCi95).toHaveLength(2);
    const empty = await get('/api/leaderboard?team=empty');
    expect(empty).toEqual({
      analysts: [],
      crowd: { questions: 0, meanBrier: null, meanTimeWeightedBrier: null, meanLogLoss: null },
    });
    const none = await get('/api/leaderboard?tag=nosuch');
    expect(none).toEqual({
      analysts: [],
      crowd: { questions: 0, meanBrier: null, meanTimeWeightedBrier: null, meanLogLoss: null },
    });
  });

  it('GET /leaderboard: the crowd row covers only questions a listed analyst participated in', async () => {
    // red (ana, ben, cy, gus) took part in every scored question except b-solo (lee alone)
    const red = await get('/api/leaderboard?team=red');
    const all = await get('/api/leaderboard');
    expect(red.crowd.questions).toBe(all.crowd.questions - 1);
    // the window path says the same as the rollup path
    const redWindow = await get('/api/leaderboard?team=red&from=2000-01-01');
    expectSame(redWindow, red, 'red over a window covering everything');
  });

  it('GET /leaderboard: unknown team, bad from or to -> 400 with issues', async () => {
    for (const query of [
      'team=nosuch',
      'from=yesterday',
      'from=2023-13-45',
      'to=2023-09-01T25:61:00Z',
      'from=2023-02-30',
      'tag=Not%20A%20Tag',
    ]) {
      const r = await h.call('GET', `/api/leaderboard?${query}`, { token: tok.ana });
      expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
      expect(Array.isArray(r.body.error.issues) && r.body.error.issues.length > 0, query).toBe(true);
    }
    expect((await h.call('GET', '/api/leaderboard')).status).toBe(401);
  });

  it("GET /aggregates: the backtest equals the domain over the crowd row's questions, for every filter", async () => {
    await checkAggregates();
    const all = await get('/api/aggregates', 'ana');
    expect(all.aggregates.map((a: { name: string }) => a.name)).toEqual(['median', 'mean', 'geometric', 'extremized']);
    expect(all.questions).toBe((await get('/api/leaderboard')).crowd.questions);
    expect(all.aggregates[0].vsMedian).toBeNull();
    expect(all.aggregates[1].vsMedian.ci95).toHaveLength(2);
    // the median's backtest is the crowd row of the leaderboard
    const red = await get('/api/aggregates?team=red');
    const redBoard = await get('/api/leaderboard?team=red');
    expect(red.questions).toBe(redBoard.crowd.questions);
    expect(red.aggregates[0].meanTimeWeightedBrier).toBeCloseTo(redBoard.crowd.meanTimeWeightedBrier, 12);
    expect(await get('/api/aggregates?team=empty')).toEqual({
      questions: 0,
      aggregates: ['median', 'mean', 'geometric', 'extremized'].map((name) => ({
        name,
        questions: 0,
        meanBrier: null,
        meanTimeWeightedBrier: null,
        meanLogLoss: null,
        timeWeightedBrierCi95: null,
        vsMedian: null,
      })),
    });
    for (const query of ['team=nosuch', 'from=yesterday', 'to=2023-02-30', 'tag=Not%20A%20Tag']) {
      const r = await h.call('GET', `/api/aggregates?${query}`, { token: tok.ana });
      expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.issues.length, query).toBeGreaterThan(0);
    }
    expect((await h.call('GET', '/api/aggregates')).status).toBe(401);
  });

  it('GET /calibration: one analyst and pooled, with tag, team, window and any bins', async () => {
    await checkCalibrations();
    const pooled = await get('/api/calibration');
    expect(pooled.user).toBeNull();
    expect(pooled.bins).toHaveLength(10);
    const anaOne = await get('/api/calibration?user=ana&bins=1');
    expect(anaOne.bins).toHaveLength(1);
    expect(anaOne.bins[0].n).toBe(anaOne.events);
    const twenty = await get('/api/calibration?user=ana&bins=20');
    expect(twenty.bins).toHaveLength(20);
    expect(twenty.bins.some((b: { n: number }) => b.n === 0)).toBe(true);
    for (const b of twenty.bins.filter((x: { n: number }) => x.n === 0)) {
      expect(b).toMatchObject({ meanForecast: null, observedFrequency: null, ci95: null });
    }
    // fay and gus have no scored question: N = 0, every figure null, all bins listed
    const fay = await get('/api/calibration?user=fay');
    expect(fay).toMatchObject({
      user: 'fay',
      events: 0,
      brier: null,
      reliability: null,
      resolution: null,
      uncertainty: null,
      spiegelhalter: { z: null, p: null },
    });
    expect(fay.bins).toHaveLength(10);
    // a user outside the team filter: nothing
    expect((await get('/api/calibration?user=dee&team=red')).events).toBe(0);
  });

  it('GET /calibration: bins must be a whole number from 1 to 100; unknown team 400', async () => {
    for (const bins of ['0', '101', '2.5', '-1', 'ten']) {
      const r = await h.call('GET', `/api/calibration?bins=${bins}`, { token: tok.lee });
      expect(r.status, `bins=${bins}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(
        r.body.error.issues.some((i: { path: string }) => i.path === 'bins'),
        `bins=${bins}`,
      ).toBe(true);
    }
    expect((await h.call('GET', '/api/calibration?team=nosuch', { token: tok.lee })).status).toBe(400);
    expect((await h.call('GET', '/api/calibration?from=nope', { token: tok.lee })).status).toBe(400);
  });

  it("GET /calibration: an analyst reads their own, not another's; leads and admins read anyone's", async () => {
    expectSame(await get('/api/calibration?user=ana', 'ana'), expectedCalibration({}, 'ana', 10), 'own');
    const other = await h.call('GET', '/api/calibration?user=ben', { token: tok.ana });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    expectSame(await get('/api/calibration?user=ben', 'lee'), expectedCalibration({}, 'ben', 10), 'lead');
    expectSame(await get('/api/calibration?user=ben', 'admin'), expectedCalibration({}, 'ben', 10), 'admin');
    const unknown = await h.call('GET', '/api/calibration?user=nobody', { token: tok.lee });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('GET /users/{handle}/scores: the analyst, leads and admins; everything equals the domain', async () => {
    await checkUserScores();
    expectSame(await get('/api/users/cy/scores', 'cy'), expectedUserScores('cy', {}), 'own');
    expectSame(await get('/api/users/cy/scores', 'admin'), expectedUserScores('cy', {}), 'admin');
    const other = await h.call('GET', '/api/users/cy/scores', { token: tok.ana });
    expect(other.status).toBe(403);
    expect((await h.call('GET', '/api/users/nobody/scores', { token: tok.lee })).status).toBe(404);
    expect((await h.call('GET', '/api/users/cy/scores?from=nope', { token: tok.cy })).status).toBe(400);
  });

  it('GET /brier-by-month: mean time-weighted Brier per analyst per UTC month of the window end', async () => {
    await checkBrierByMonth();
    const all = await get('/api/brier-by-month');
    expect(all.months).toEqual(['2023-09', '2023-10', '2023-11']);
    expect((await h.call('GET', '/api/brier-by-month?team=nosuch', { token: tok.ana })).status).toBe(400);
  });

  it('an instant without an offset is UTC, whatever the server time zone', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const f = { from: '2023-09-06T00:00:00', to: '2023-10-01T00:00:00' };
      const body = await get(`/api/leaderboard${qsOf(f)}`);
      expectSame(body, expectedLeaderboard({ from: '2023-09-06T00:00:00Z', to: '2023-10-01T00:00:00Z' }), 'no offset');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

/** Every answer that b-geo's annulment moves, in a fixed order, to compare before and after. */
async function answers(): Promise<Array<{ path: string; body: unknown }>> {
  const paths = [
    '/api/questions/b-geo/scores',
    ...FILTERS.flatMap((f) => [`/api/leaderboard${qsOf({ ...f })}`, `/api/calibration${qsOf({ ...f })}`]),
    ...HANDLES.map((handle) => `/api/users/${handle}/scores`),
    '/api/brier-by-month',
    '/api/brier-by-month?tag=geo',
  ];
  const out = [];
  for (const path of paths) out.push({ path, body: await get(path) });
  return out;
}
let beforeAnnulment: Array<{ path: string; body: unknown }> = [];

describe('re-resolution, annulment and team changes move every answer', () => {
  it('flipping b-flip from yes to no', async () => {
    h.clock.set(T0 + 81 * D);
    await resolve('b-flip', 'no', 13 * D + T0);
    await checkEverything();
  });

  it('annulling b-geo takes it out everywhere', async () => {
    beforeAnnulment = await answers();
    const before = await get('/api/leaderboard');
    h.clock.set(T0 + 82 * D);
    await resolve('b-geo', 'annulled');
    await checkEverything();
    expect((await get('/api/leaderboard')).crowd.questions).toBe(before.crowd.questions - 1);
    expect(await get('/api/questions/b-geo/scores')).toEqual({
      analysts: [],
      crowd: { timeWeightedBrier: null },
      aggregates: [],
    });
  });

  it('re-resolving b-geo back (with its old end as occurredAt) restores the old answers', async () => {
    h.clock.set(T0 + 83 * D);
    await resolve('b-geo', 'yes', T0 + 5 * D);
    await checkEverything();
    // The very answers from before the annulment, not only answers the domain agrees with.
    expect(beforeAnnulment.length).toBeGreaterThan(10);
    const now = await answers();
    for (let i = 0; i < now.length; i++) expectSame(now[i]!.body, beforeAnnulment[i]!.body, now[i]!.path);
  });

  it("re-resolving b-late with an earlier occurredAt: eve's and ben's single forecasts keep their Brier, their relative Brier moves", async () => {
    const before = scoresOf(q('b-late'))!;
    h.clock.set(T0 + 84 * D);
    await resolve('b-late', 'no', T0 + 1 * D);
    const after = scoresOf(q('b-late'))!;
    for (const who of ['eve', 'ben']) {
      const b = before.analysts.find((a) => a.analyst === who)!;
      const a = after.analysts.find((x) => x.analyst === who)!;
      expect(a.finalBrier).toBe(b.finalBrier);
      expect(a.timeWeightedBrier).toBe(b.timeWeightedBrier);
      expect(a.relativeBrier).not.toBeCloseTo(b.relativeBrier!, 6);
    }
    await checkEverything();
  });

  it('many re-resolutions later the rollups still equal a from-scratch aggregate within 1e-9', async () => {
    const sequence: Array<[string, 'yes' | 'no' | number, number | undefined]> = [
      ['b-flip', 'yes', undefined],
      ['c-econ', 0, T0 + 10 * D],
      ['b-flip', 'no', T0 + 4 * D],
      ['o-tech', 3, undefined],
      ['c-econ', 1, undefined],
      ['b-flip', 'yes', T0 + 13 * D],
      ['o-oct', 4, T0 + 21 * D],
      ['b-same', 'yes', undefined],
      ['o-tech', 1, T0 + 35 * D],
      ['c-econ', 2, T0 + 12 * D],
      ['b-same', 'no', T0 + 3 * D],
      ['o-oct', 2, undefined],
    ];
    let t = T0 + 85 * D;
    for (const [key, outcome, occurredAt] of sequence) {
      t += H;
      h.clock.set(t);
      await resolve(key, outcome, occurredAt);
      for (const f of [{}, { tag: 'econ' }, { team: 'blue' }]) {
        const body = await get(`/api/leaderboard${qsOf({ ...f })}`);
        const exp = expectedLeaderboard(f);
        expect(
          body.analysts.map((a: { handle: string }) => a.handle),
          `${key} ${JSON.stringify(f)}`,
        ).toEqual(exp.analysts.map((a) => a.handle));
        body.analysts.forEach((a: Record<string, unknown>, i: number) => {
          const e = exp.analysts[i]!;
          for (const k of ['meanBrier', 'meanTimeWeightedBrier', 'meanLogLoss', 'meanRelativeBrier'] as const) {
            if (e[k] === null) expect(a[k]).toBeNull();
            else expect(Math.abs((a[k] as number) - e[k]!), `${key} ${a.handle} ${k}`).toBeLessThan(1e-9);
          }
          expect(a.questions).toBe(e.questions);
          expect(a.relativeQuestions).toBe(e.relativeQuestions);
        });
        expectSame(body, exp, `leaderboard after ${key} ${JSON.stringify(f)}`);
      }
    }
    await checkEverything();
  });

  it('team membership is read now: moving ben out of red changes the red board, not the scores', async () => {
    const r = await h.call('PUT', '/api/teams/red/members', {
      token: h.adminToken,
      body: { handles: ['ana', 'cy', 'gus'] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    teams.red = ['ana', 'cy', 'gus'];
    await checkLeaderboards();
    await checkCalibrations();
    await checkBrierByMonth();
  });

  it('rescoreAll rebuilds the same scores and rollups as the incremental path', async () => {
    const paths = [
      ...FILTERS.map((f) => `/api/leaderboard${qsOf({ ...f })}`),
      ...[{}, { tag: 'geo' }, { team: 'blue' }, { from: '2023-09-06' }].flatMap((f) => [
        `/api/calibration${qsOf({ ...f })}`,
        ...HANDLES.map((user) => `/api/calibration${qsOf({ ...f, user, bins: 20 })}`),
      ]),
      ...[...qs.keys()].map((key) => `/api/questions/${key}/scores`),
      ...HANDLES.map((handle) => `/api/users/${handle}/scores`),
      '/api/brier-by-month',
    ];
    const before = new Map<string, unknown>();
    for (const p of paths) before.set(p, await get(p));
    const done = await rescoreAll(h.database.db);
    const scoredQuestions = [...qs.values()].filter(
      (m) => m.resolutions.at(-1) && m.resolutions.at(-1)!.outcome !== null,
    ).length;
    expect(done.questions).toBe(scoredQuestions);
    for (const p of paths) expectSame(await get(p), before.get(p), `after rescoreAll: ${p}`);
    await checkEverything();
  });
});
