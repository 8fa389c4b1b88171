/**
 * Writes demo/archive.json: the demo workspace as a reckon-archive (docs/archive.md).
 *
 *   npx tsx scripts/demo/generate.ts
 *
 * Deterministic: every random draw comes from a seeded PRNG keyed by what it
 * is for (question, analyst), so editing one question leaves the others alone.
 *
 * How the numbers are made. Each older question's outcome is the real one. Its
 * latent probability p* is drawn conditionally on that outcome from a prior
 * whose mean matches the base rate, so across questions P(outcome | p*) = p*.
 * News then arrives as a Brownian signal drifting toward the true outcome, and
 * `info(t)` is the exact Bayesian posterior at time t: a forecaster who reports
 * it is calibrated at every moment. The Korea desk's questions use a written
 * information path instead (data-korea.ts). Each analyst reports that
 * information through a habit: a stretch of the log-odds (over- or
 * under-confidence), a lean toward "yes", occasional contrarian flips, noise,
 * rounding, and a time-of-entry pattern.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KOREA, type FixedForecast, type KoreaQuestion, type PathPoint } from './data-korea';
import { CONSENSUS, OLDER, PACE, type OlderRow } from './data-older';

const SEED = 'reckon-demo-2023-09-13';
const EXPORTED_AT = '2026-11-01T00:00:00.000Z';
/** Forecasts on still-open questions stop here (a few days before the export). */
const FORECASTS_UNTIL = Date.parse('2026-10-28T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// --- Seeded randomness --------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn a label into a seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

class Rng {
  private readonly u: () => number;
  constructor(...labels: string[]) {
    this.u = mulberry32(hash([SEED, ...labels].join('/')));
  }
  next(): number {
    return this.u();
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.u();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.u() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.u() * items.length));
  }
  normal(): number {
    const u1 = 1 - this.u();
    const u2 = this.u();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  /** Marsaglia-Tsang. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.u(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.u();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }
  dirichlet(alpha: readonly number[]): number[] {
    const g = alpha.map((a) => this.gamma(a));
    const sum = g.reduce((s, x) => s + x, 0);
    return g.map((x) => x / sum);
  }
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`index ${i} out of range (${items.length})`);
  return item;
}

// --- The people -----------------------------------------------------------------

interface Voice {
  /** Binary, and the lead option of the others. `{e}` evidence, `{E}` capitalised, `{p}` percent, `{opt}` option. */
  say: string[];
  sayOptions: string[];
  /** Binary when the forecaster leans "no" (gus only). */
  sayNo?: string[];
  /** Close to 50/50: `{alt}` is the opposite evidence (cy). */
  split?: string[];
  /** Against the information (fay). `{e}` is the evidence the crowd reads. */
  against?: string[];
  againstOptions?: string[];
  /** Updates after the first forecast (eli). `{dir}` up/down, `{d}` points. */
  update?: string[];
  updateOptions?: string[];
  /** An update of 15 points or more (eli). */
  bigUpdate?: string[];
  /** An update with no new news (eli). */
  quiet?: string[];
  /** A near coin flip: the lead option under 55% (ben). */
  close?: string[];
}

interface Analyst {
  handle: string;
  displayName: string;
  role: 'analyst' | 'lead';
  teams: string[];
  habit: string;
  /** Chance of taking part in an older question, and in a Korea-desk one. */
  participation: number;
  deskParticipation: number;
  /** Forecasts per question: [min, max]; `longCount` for windows over 180 days. */
  count: [number, number];
  longCount?: [number, number];
  /** Where in the question's window the forecasts fall, as fractions. */
  band: [number, number];
  /** Spread the forecasts evenly over the band (frequent updaters). */
  stratified?: boolean;
  /** Multiplier of the log-probabilities: > 1 overconfident, < 1 timid. */
  stretch: number;
  /** Extra log-odds on "yes" for binary questions. */
  yesBias: number;
  /** Per-question noise on the log-probabilities, and per-forecast noise. */
  persistentNoise: number;
  forecastNoise: number;
  /** Chance of taking a question against the information. */
  contrarian: number;
  /** Rounding unit in percent, binary bounds in percent, smallest option share in units. */
  unit: number;
  bounds: [number, number];
  minUnits: number;
  /** Chance a forecast has no rationale. */
  silence: number;
  voice: Voice;
}

const ANALYSTS: Analyst[] = [
  {
    handle: 'ana',
    displayName: 'Ana K.',
    role: 'analyst',
    teams: ['korea-desk'],
    habit: 'well calibrated: reports what the evidence supports, updates a couple of times',
    participation: 0.82,
    deskParticipation: 0.95,
    count: [1, 3],
    longCount: [2, 4],
    band: [0.05, 0.95],
    stretch: 1,
    yesBias: 0,
    persistentNoise: 0.12,
    forecastNoise: 0.06,
    contrarian: 0,
    unit: 1,
    bounds: [2, 98],
    minUnits: 1,
    silence: 0.08,
    voice: {
      say: [
        '{E}.',
        '{E}; {p}% feels right.',
        '{E}. Leaving room for surprises at {p}%.',
        'Weighing it up: {e}.',
        '{E}, so {p}%.',
      ],
      sayOptions: ['{opt} at {p}%: {e}.', '{E}. {opt} is my modal case.', 'Most weight on {opt}: {e}.'],
    },
  },
  {
    handle: 'ben',
    displayName: 'Ben O.',
    role: 'analyst',
    teams: ['korea-desk'],
    habit: 'overconfident: early, extreme probabilities (1-5% / 95-99%), often wrong',
    participation: 0.8,
    deskParticipation: 0.95,
    count: [1, 2],
    longCount: [1, 3],
    band: [0.03, 0.45],
    stretch: 2.8,
    yesBias: 0,
    persistentNoise: 0.45,
    forecastNoise: 0.15,
    contrarian: 0,
    unit: 1,
    bounds: [1, 99],
    minUnits: 1,
    silence: 0.05,
    voice: {
      say: [
        '{E}. Not a close call.',
        'Easy one: {e}.',
        '{E}. I would bet the house.',
        '{E}. Done deal.',
        'Confident: {e}.',
        '{E}. Anyone below {p}% is overthinking it.',
      ],
      sayNo: [
        '{E}. Not happening.',
        'Easy no: {e}.',
        '{E}. I would bet the house against it.',
        'Confident it fails: {e}.',
        '{E}. Anyone above {p}% is dreaming.',
      ],
      sayOptions: ['{opt}, clearly: {e}.', '{E}. It is {opt}.', 'All in on {opt}: {e}.'],
      close: ['Two-horse race; {opt} by a nose: {e}.', 'Coin flip for now. {E}.', 'Tight, but {opt}: {e}.'],
    },
  },
  {
    handle: 'cy',
    displayName: 'Cy M.',
    role: 'analyst',
    teams: ['korea-desk'],
    habit: 'cautious: hugs 50% (stays within 25-75%), rounds to 5%',
    participation: 0.8,
    deskParticipation: 0.9,
    count: [1, 3],
    band: [0.1, 0.9],
    stretch: 0.35,
    yesBias: 0,
    persistentNoise: 0.1,
    forecastNoise: 0.05,
    contrarian: 0,
    unit: 5,
    bounds: [25, 75],
    minUnits: 1,
    silence: 0.12,
    voice: {
      say: [
        'Could go either way; {e}.',
        '{E}, but I do not trust it much.',
        'Slight lean only: {e}.',
        'Too uncertain to stray far from even. {E}.',
        'Hedging: {e}.',
      ],
      split: ['{E}, but {alt}.', 'On one hand {e}; on the other, {alt}.', 'Torn: {e}, yet {alt}.'],
      sayOptions: [
        'Spreading it out; {opt} slightly ahead: {e}.',
        'No strong view. {E}.',
        'Hedged across the board; {e}.',
      ],
    },
  },
  {
    handle: 'dana',
    displayName: 'Dana R.',
    role: 'analyst',
    teams: ['korea-desk'],
    habit: 'late: forecasts only in the last days before close, when most is known',
    participation: 0.8,
    deskParticipation: 1,
    count: [1, 2],
    band: [0.88, 0.995],
    stretch: 1,
    yesBias: 0,
    persistentNoise: 0.15,
    forecastNoise: 0.05,
    contrarian: 0,
    unit: 1,
    bounds: [2, 98],
    minUnits: 1,
    silence: 0.1,
    voice: {
      say: [
        'Final look before close: {e}.',
        'Waited for the last news: {e}.',
        'Late entry: {e}.',
        'Close-time read: {e}.',
        'Came in at the end. {E}.',
      ],
      sayOptions: ['Last-minute read: {opt}, because {e}.', 'Late entry, {opt} at {p}%: {e}.'],
    },
  },
  {
    handle: 'eli',
    displayName: 'Eli S.',
    role: 'analyst',
    teams: ['korea-desk', 'russia-desk'],
    habit: 'frequent updater: 5-14 forecasts per question, small moves following the news',
    participation: 0.85,
    deskParticipation: 1,
    count: [5, 11],
    longCount: [8, 14],
    band: [0.02, 0.99],
    stratified: true,
    stretch: 1,
    yesBias: 0,
    persistentNoise: 0.18,
    forecastNoise: 0.05,
    contrarian: 0,
    unit: 1,
    bounds: [2, 98],
    minUnits: 1,
    silence: 0.1,
    voice: {
      say: ['Opening at {p}%: {e}.', 'First pass: {e}.', '{E}. Will update as news comes in.'],
      sayOptions: ['Opening with {opt} at {p}%: {e}.', 'First pass, {opt} ahead: {e}.'],
      update: [
        'Small update: {e}.',
        'Nudging {dir} to {p}%: {e}.',
        '{Dir} {d} pts: {e}.',
        'Tweak: {e}.',
        'Marking to market: {e}.',
      ],
      updateOptions: ['Shifting toward {opt}: {e}.', 'Small rebalance, {opt} at {p}%: {e}.'],
      bigUpdate: ['Big move {dir}, {d} pts: {e}.', 'Rethinking this one: {e}.', 'This changes things: {e}. Now {p}%.'],
      quiet: [
        'No real news; small drift {dir}.',
        'Nothing new, nudging {dir} a little.',
        'Re-read the thread; {d} pts {dir}.',
        'Same picture; fine-tuning to {p}%.',
        'Housekeeping: {d} pts {dir}.',
        'Quiet day. {p}%.',
        'Small {dir}ward tweak after rereading the sources.',
        'Weekly mark: {p}%.',
        'Tone of the coverage shifted a bit; {dir} {d}.',
      ],
    },
  },
  {
    handle: 'fay',
    displayName: 'Fay T.',
    role: 'analyst',
    teams: ['russia-desk'],
    habit: 'contrarian: on about 40% of questions bets against the consensus',
    participation: 0.8,
    deskParticipation: 0.9,
    count: [1, 2],
    band: [0.2, 0.8],
    stretch: 0.85,
    yesBias: 0,
    persistentNoise: 0.3,
    forecastNoise: 0.1,
    contrarian: 0.4,
    unit: 1,
    bounds: [3, 97],
    minUnits: 1,
    silence: 0.08,
    voice: {
      say: ['{E}.', 'For once I am with the room: {e}.', '{E}. Fine.'],
      sayOptions: ['{opt} at {p}%: {e}.', 'With the consensus on {opt}: {e}.'],
      against: [
        'Against the room: {e}, and everyone over-reads it.',
        'Fading the crowd. {E}, sure, but that is priced in and then some.',
        'The consensus is too sure. {E}; so what?',
        'Everyone leans on one fact ({e}). I do not.',
      ],
      againstOptions: [
        'The favourite is overbought; I like {opt} instead.',
        'Crowd loves the obvious pick. {opt} is undervalued.',
        'Taking {opt} against the room.',
      ],
    },
  },
  {
    handle: 'gus',
    displayName: 'Gus P.',
    role: 'analyst',
    teams: ['russia-desk'],
    habit: 'action bias: systematically too high on "will X happen"',
    participation: 0.8,
    deskParticipation: 0.9,
    count: [1, 2],
    band: [0.15, 0.85],
    stretch: 1.1,
    yesBias: 1.4,
    persistentNoise: 0.3,
    forecastNoise: 0.08,
    contrarian: 0,
    unit: 1,
    bounds: [3, 97],
    minUnits: 1,
    silence: 0.12,
    voice: {
      say: [
        '{E}; these things tend to happen.',
        '{E}. Expect it to go through.',
        'Momentum says yes: {e}.',
        '{E}. I lean toward action over inaction.',
      ],
      sayNo: ['{E}. Even I cannot get to yes here.', '{E}.'],
      sayOptions: ['{opt}: {e}.', 'Going with {opt}; {e}.'],
    },
  },
  {
    handle: 'hana',
    displayName: 'Hana J.',
    role: 'analyst',
    teams: ['russia-desk'],
    habit: 'one-and-done: a single early forecast in round 10% steps, never updated',
    participation: 0.82,
    deskParticipation: 0.9,
    count: [1, 1],
    band: [0.01, 0.15],
    stretch: 1,
    yesBias: 0,
    persistentNoise: 0.2,
    forecastNoise: 0.05,
    contrarian: 0,
    unit: 10,
    bounds: [10, 90],
    minUnits: 0,
    silence: 0.3,
    voice: {
      say: ['{E}.', 'Base rate plus one look: {p}%.', 'One call, then I leave it: {e}.', 'Round numbers: {p}%. {E}.'],
      sayOptions: ['Round numbers; {opt} first: {e}.', '{E}.'],
    },
  },
  {
    handle: 'lee',
    displayName: 'Lee H.',
    role: 'lead',
    teams: ['korea-desk', 'russia-desk'],
    habit: 'desk lead: poses and resolves questions, forecasts now and then',
    participation: 0.12,
    deskParticipation: 0.5,
    count: [1, 1],
    band: [0.3, 0.9],
    stretch: 1,
    yesBias: 0,
    persistentNoise: 0.2,
    forecastNoise: 0.05,
    contrarian: 0,
    unit: 1,
    bounds: [2, 98],
    minUnits: 1,
    silence: 0.2,
    voice: {
      say: ['{E}.', 'Quick read from the lead: {e}.', '{E}; {p}%.'],
      sayOptions: ['{opt}: {e}.'],
    },
  },
];

const LEAD = 'lee';

// --- Archive shapes ---------------------------------------------------------------

type Outcome = 'yes' | 'no' | number | 'annulled';
type QuestionType = 'binary' | 'categorical' | 'ordinal';

interface ArchiveQuestion {
  key: string;
  title: string;
  description: string;
  type: QuestionType;
  options: string[] | null;
  tags: string[];
  createdBy: string;
  opensAt: string;
  closesAt: string;
  hideForecasts: boolean;
}

interface ArchiveForecast {
  question: string;
  user: string;
  createdAt: string;
  probability?: number;
  probabilities?: number[];
  rationale: string | null;
}

interface ArchiveResolution {
  question: string;
  outcome: Outcome;
  occurredAt: string;
  resolvedAt: string;
  resolvedBy: string;
  sourceUrl: string;
  note: string;
}

/** A question with what the generator needs to forecast on it. */
interface Spec {
  question: ArchiveQuestion;
  resolutions: ArchiveResolution[];
  /** Outcome probabilities a well-informed reader would hold at t (binary: [no, yes]). */
  info(t: number): number[];
  /** Evidence for the option `k` (binary: 1 yes, 0 no) as known at t. */
  evidence(t: number, k: number, rng: Rng): string;
  /** Which piece of news is the latest at t; null when news is continuous. */
  newsAt(t: number): number | null;
  /** Generated forecasts fall in [from, to). */
  from: number;
  to: number;
  desk: boolean;
  fixed: FixedForecast[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (text: string) => {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`bad time ${text}`);
  return t;
};

// --- Older questions: a calibrated information process -------------------------------

const GRID = 400;
const INFO_LAG = 2.5;

/** Base rate of "yes" among the older binary questions: the prior's mean. */
const YES_RATE = (() => {
  const binary = OLDER.filter((row) => row.type === undefined);
  return binary.filter((row) => row.outcome === 'yes').length / binary.length;
})();

function olderSpec(row: OlderRow): Spec {
  const rng = new Rng('question', row.key);
  const type: QuestionType = row.type ?? 'binary';
  const options = row.options ?? null;
  const K = options ? options.length : 2;
  const j = typeof row.outcome === 'number' ? row.outcome : row.outcome === 'yes' ? 1 : 0;

  const occurred = ms(row.occurred);
  const closes = row.closes ? ms(row.closes) : occurred - 6 * HOUR;
  const opens = row.opens ? ms(row.opens) : Math.floor((closes - rng.uniform(18, 50) * DAY) / HOUR) * HOUR;
  const end = Math.min(closes, occurred);
  const resolvedAt = Math.round((occurred + rng.uniform(0.5, 30) * HOUR) / 60_000) * 60_000;

  // Where the information starts: the consensus of the day, or else p* drawn
  // given the outcome (the prior times the likelihood of the outcome).
  const kappa = 4;
  const alpha = K === 2 ? [kappa * (1 - YES_RATE), kappa * YES_RATE] : new Array<number>(K).fill(1.5);
  alpha[j] = at(alpha, j) + 1;
  const drawn = rng.dirichlet(alpha);
  const consensus = CONSENSUS[row.key];
  const prior =
    consensus === undefined ? drawn : typeof consensus === 'number' ? [1 - consensus, consensus] : consensus;
  if (prior.length !== K) throw new Error(`${row.key}: consensus needs ${K} numbers`);
  // Signal X_k(g) = c * g * [k = j] + W_k(g) in information time g = s^lag,
  // s in [0, 1] across the window: most news comes near the end.
  const pace = PACE[row.key] ?? {};
  const drawnSignal = rng.uniform(1.0, 2.4);
  const c = pace.signal ?? drawnSignal;
  const lag = pace.lag ?? INFO_LAG;
  const paths: number[][] = [];
  for (let k = 0; k < K; k++) {
    const path = [0];
    let x = 0;
    for (let i = 0; i < GRID; i++) {
      x += (k === j ? c / GRID : 0) + rng.normal() / Math.sqrt(GRID);
      path.push(x);
    }
    paths.push(path);
  }
  const info = (t: number) => {
    const s = Math.min(Math.max((t - opens) / (end - opens), 0), 1);
    const i = Math.floor(Math.pow(s, lag) * GRID);
    const g = i / GRID;
    const logits = prior.map((p, k) => Math.log(p) + c * at(at(paths, k), i) - (c * c * g) / 2);
    return softmax(logits);
  };

  const available = (t: number, items: readonly string[] | undefined) =>
    (items ?? []).flatMap((item) => {
      const m = /^(\d{4}-\d{2}-\d{2})\|(.*)$/.exec(item);
      if (!m) return [item];
      return ms(`${m[1]}T00:00:00.000Z`) <= t ? [m[2] ?? ''] : [];
    });
  const evidence = (t: number, k: number, r: Rng) => {
    if (!options) {
      const pool = available(t, k === 1 ? row.pro : row.con);
      if (pool.length > 0) return r.pick(pool);
      return r.pick(k === 1 ? GENERIC_YES : GENERIC_NO);
    }
    const hint = row.hints?.[k];
    const pool = available(t, typeof hint === 'string' ? [hint] : hint).filter((x) => x !== '');
    return r.pick(pool.length > 0 ? pool : GENERIC_OPTION);
  };

  const resolution: ArchiveResolution = {
    question: row.key,
    outcome: row.outcome,
    occurredAt: iso(occurred),
    resolvedAt: iso(resolvedAt),
    resolvedBy: LEAD,
    sourceUrl: row.url,
    note: row.note,
  };
  const poser = rng.next() < 0.72 ? LEAD : rng.pick(ANALYSTS.filter((a) => a.role === 'analyst')).handle;
  return {
    question: {
      key: row.key,
      title: row.title,
      description: row.desc,
      type,
      options,
      tags: row.tags,
      createdBy: poser,
      opensAt: iso(opens),
      closesAt: iso(closes),
      hideForecasts: rng.next() < 0.1,
    },
    resolutions: [resolution],
    info,
    evidence,
    newsAt: () => null,
    from: opens,
    to: end,
    desk: false,
    fixed: [],
  };
}

const GENERIC_YES = [
  'the signals I track point to yes',
  'the base rate for this kind of call favours it',
  'the official line is moving that way',
];
const GENERIC_NO = [
  'not enough evidence it happens in time',
  'the status quo usually wins these',
  'the deadline is tight',
];
const GENERIC_OPTION = [
  'it is the base case in most previews',
  'nothing I have read moves me off it',
  'it fits the data so far',
];

// --- Korea desk: written information paths ----------------------------------------------

function koreaSpec(q: KoreaQuestion): Spec {
  const K = q.options ? q.options.length : 2;
  const points = [...q.path].sort((a, b) => ms(a.at) - ms(b.at));
  const latest = (t: number): [number, PathPoint] => {
    let index = 0;
    points.forEach((point, i) => {
      if (ms(point.at) <= t) index = i;
    });
    return [index, at(points, index)];
  };
  const info = (t: number) => {
    const [, point] = latest(t);
    if (K === 2) {
      if (point.p === undefined) throw new Error(`${q.key}: path point without p`);
      return [1 - point.p, point.p];
    }
    if (!point.v || point.v.length !== K) throw new Error(`${q.key}: path point without v of ${K}`);
    const sum = point.v.reduce((s, x) => s + x, 0);
    return point.v.map((x) => x / sum);
  };
  const evidence = (t: number, k: number, rng: Rng) => {
    const news = latest(t)[1].news;
    const leans = Array.isArray(q.leans) ? (q.leans[k] ?? []) : k === 1 ? q.leans.yes : q.leans.no;
    return rng.next() < 0.5 && leans.length > 0 ? rng.pick(leans) : rng.pick(news);
  };

  const opens = ms(q.opensAt);
  const closes = ms(q.closesAt);
  const first = q.resolutions[0];
  const last = q.resolutions[q.resolutions.length - 1];
  const scoringEnd = last ? Math.min(closes, ms(last.occurredAt)) : closes;
  const to = Math.min(closes, scoringEnd, first ? ms(first.resolvedAt) : Infinity, FORECASTS_UNTIL);
  return {
    question: {
      key: q.key,
      title: q.title,
      description: q.description,
      type: q.type,
      options: q.options,
      tags: q.tags,
      createdBy: LEAD,
      opensAt: q.opensAt,
      closesAt: q.closesAt,
      hideForecasts: q.hideForecasts,
    },
    resolutions: q.resolutions.map((r) => ({
      question: q.key,
      outcome: r.outcome,
      occurredAt: r.occurredAt,
      resolvedAt: r.resolvedAt,
      resolvedBy: LEAD,
      sourceUrl: r.sourceUrl,
      note: r.note,
    })),
    info,
    evidence,
    newsAt: (t) => latest(t)[0],
    from: opens,
    to,
    desk: true,
    fixed: q.fixed ?? [],
  };
}

// --- Forecasting habits ---------------------------------------------------------------------

function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - max));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / sum);
}

function distort(
  q: readonly number[],
  a: Analyst,
  binary: boolean,
  against: boolean,
  persistent: readonly number[],
  rng: Rng,
): number[] {
  const K = q.length;
  const stretch = against ? (K === 2 ? -0.6 : 0.7) : a.stretch;
  const logits = q.map(
    (x, k) => stretch * Math.log(Math.max(x, 1e-4)) + at(persistent, k) + a.forecastNoise * rng.normal(),
  );
  if (binary) logits[1] = at(logits, 1) + a.yesBias;
  const v = softmax(logits);
  if (against && K > 2) {
    // Swap the favourite with the runner-up.
    const order = v.map((x, k) => [x, k] as const).sort((x, y) => y[0] - x[0]);
    const top = at(order, 0)[1];
    const second = at(order, 1)[1];
    const keep = at(v, top);
    v[top] = at(v, second);
    v[second] = keep;
  }
  return v;
}

/**
 * Percentages in steps of `unit` that sum to exactly 100 (largest remainder),
 * so the archive holds short decimals whose sum is 1 within floating-point error.
 */
function toPercents(v: readonly number[], a: Analyst): number[] {
  if (v.length === 2) {
    const yes = Math.min(Math.max(Math.round((at(v, 1) * 100) / a.unit) * a.unit, a.bounds[0]), a.bounds[1]);
    return [100 - yes, yes];
  }
  const total = 100 / a.unit;
  const floor = a.minUnits * v.length <= total ? a.minUnits : 0;
  const spare = total - floor * v.length;
  const raw = v.map((x) => floor + x * spare);
  const units = raw.map((x) => Math.floor(x));
  let left = total - units.reduce((s, x) => s + x, 0);
  const byRemainder = raw.map((x, k) => [x - Math.floor(x), k] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, k] of byRemainder) {
    if (left <= 0) break;
    units[k] = at(units, k) + 1;
    left--;
  }
  return units.map((u) => u * a.unit);
}

function fill(template: string, values: Record<string, string>): string {
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
  return text.replace(/\.\.$/, '.').replace(/\?\./, '?');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function times(a: Analyst, spec: Spec, rng: Rng): number[] {
  const span = spec.to - spec.from;
  if (span < 10 * 60_000) return [];
  const long = span > 180 * DAY && a.longCount;
  const [lo, hi] = long ? (a.longCount ?? a.count) : a.count;
  const n = rng.int(lo, hi);
  const [b0, b1] = a.band;
  const fractions: number[] = [];
  for (let i = 0; i < n; i++) {
    fractions.push(a.stratified ? b0 + ((b1 - b0) * (i + rng.next())) / n : rng.uniform(b0, b1));
  }
  fractions.sort((x, y) => x - y);
  const out: number[] = [];
  for (const f of fractions) {
    const t = Math.floor((spec.from + f * span) / 1000) * 1000;
    const previous = out[out.length - 1];
    if (t <= spec.from || t >= spec.to - 60_000) continue;
    if (previous !== undefined && t - previous < 5 * 60_000) continue;
    out.push(t);
  }
  return out;
}

function forecastsFor(spec: Spec, a: Analyst): ArchiveForecast[] {
  const rng = new Rng('forecast', spec.question.key, a.handle);
  const fixed = spec.fixed.filter((f) => f.user === a.handle);
  const out: ArchiveForecast[] = fixed.map((f) => toForecast(spec, a.handle, ms(f.at), f.p, f.v, f.rationale));
  const rate = spec.desk ? a.deskParticipation : a.participation;
  if (rng.next() >= rate || fixed.some((f) => f.only)) return out;

  const binary = spec.question.type === 'binary';
  const K = spec.question.options ? spec.question.options.length : 2;
  const persistent = Array.from({ length: K }, () => a.persistentNoise * rng.normal());
  const against = rng.next() < a.contrarian;
  let previous: number[] | null = null;
  let previousNews: number | null = null;
  const cited = new Set<string>();
  for (const t of times(a, spec, rng)) {
    const q = spec.info(t);
    const percents = toPercents(distort(q, a, binary, against, persistent, rng), a);
    const news = spec.newsAt(t);
    if (previous) {
      const change = Math.max(...percents.map((x, k) => Math.abs(x - at(previous ?? [], k))));
      if (change < (a.stratified ? 2 : 1)) continue;
    }
    const quiet = previous !== null && news !== null && news === previousNews;
    const rationale =
      rng.next() < a.silence ? null : say(spec, a, t, q, percents, previous, quiet, against, cited, rng);
    out.push(
      toForecast(
        spec,
        a.handle,
        t,
        binary ? at(percents, 1) / 100 : undefined,
        binary ? undefined : percents.map((x) => x / 100),
        rationale,
      ),
    );
    previous = percents;
    previousNews = news;
  }
  return out;
}

function say(
  spec: Spec,
  a: Analyst,
  t: number,
  q: readonly number[],
  percents: readonly number[],
  previous: readonly number[] | null,
  nothingNew: boolean,
  against: boolean,
  cited: Set<string>,
  rng: Rng,
): string | null {
  const options = spec.question.options;
  const top = percents.reduce((best, x, k) => (x > at(percents, best) ? k : best), 0);
  const crowdTop = q.reduce((best, x, k) => (x > at(q, best) ? k : best), 0);
  const lead = options ? top : at(percents, 1) >= 50 ? 1 : 0;
  const shown = options ? at(percents, top) : at(percents, 1);
  const delta = previous ? shown - (options ? at(previous, top) : at(previous, 1)) : 0;
  const voice = a.voice;
  const values = (e: string): Record<string, string> => ({
    e,
    E: capitalise(e),
    p: String(shown),
    opt: options ? at(options, top) : '',
    d: String(Math.abs(delta)),
    dir: delta >= 0 ? 'up' : 'down',
    Dir: delta >= 0 ? 'Up' : 'Down',
  });

  const e = spec.evidence(t, lead, rng);
  const big = previous !== null && Math.abs(delta) >= 15;
  // An updater who would cite the same thing again says what changed instead.
  if (previous && voice.quiet && !big && (nothingNew || cited.has(e))) {
    return rng.next() < 0.4 ? null : fill(rng.pick(voice.quiet), values(''));
  }
  cited.add(e);
  if (against && voice.against && lead !== crowdTop) {
    const crowdSays = spec.evidence(t, crowdTop, rng);
    const pool = options ? (voice.againstOptions ?? voice.against) : voice.against;
    return fill(rng.pick(pool), values(crowdSays));
  }
  if (big && voice.bigUpdate) return fill(rng.pick(voice.bigUpdate), values(e));
  if (previous && voice.update)
    return fill(rng.pick(options ? (voice.updateOptions ?? voice.update) : voice.update), values(e));
  if (voice.close && shown < 55 && shown > 45) return fill(rng.pick(voice.close), values(e));
  if (options) return fill(rng.pick(voice.sayOptions), values(e));
  const p = at(percents, 1);
  if (voice.split && Math.abs(p - 50) <= 10) {
    const alt = spec.evidence(t, 1 - lead, rng);
    if (alt !== e) return fill(rng.pick(voice.split), { ...values(e), alt });
  }
  if (voice.sayNo && lead === 0) return fill(rng.pick(voice.sayNo), values(e));
  return fill(rng.pick(voice.say), values(e));
}

function toForecast(
  spec: Spec,
  user: string,
  t: number,
  p: number | undefined,
  v: number[] | undefined,
  rationale: string | null,
): ArchiveForecast {
  const base = { question: spec.question.key, user, createdAt: iso(t) };
  if (spec.question.type === 'binary') {
    if (p === undefined) throw new Error(`${spec.question.key}/${user}: binary forecast without p`);
    return { ...base, probability: p, rationale };
  }
  if (!v) throw new Error(`${spec.question.key}/${user}: forecast without probabilities`);
  return { ...base, probabilities: v, rationale };
}

// --- Assemble and write -------------------------------------------------------------------------

function build() {
  const specs = [...OLDER.map(olderSpec), ...KOREA.map(koreaSpec)];
  const keys = new Set<string>();
  for (const spec of specs) {
    if (keys.has(spec.question.key)) throw new Error(`duplicate key ${spec.question.key}`);
    keys.add(spec.question.key);
  }
  const forecasts = specs.flatMap((spec) => ANALYSTS.flatMap((a) => forecastsFor(spec, a)));
  forecasts.sort(
    (x, y) =>
      x.createdAt.localeCompare(y.createdAt) || x.question.localeCompare(y.question) || x.user.localeCompare(y.user),
  );
  const questions = specs
    .map((s) => s.question)
    .sort((x, y) => x.opensAt.localeCompare(y.opensAt) || x.key.localeCompare(y.key));
  const resolutions = specs
    .flatMap((s) => s.resolutions)
    .sort((x, y) => x.resolvedAt.localeCompare(y.resolvedAt) || x.question.localeCompare(y.question));

  const { clarifications, suggestions } = loopItems(questions, forecasts, resolutions);

  return {
    format: 'reckon-archive',
    version: 2,
    exportedAt: EXPORTED_AT,
    teams: [
      { key: 'korea-desk', name: 'Korea desk' },
      { key: 'russia-desk', name: 'Russia desk' },
    ],
    users: ANALYSTS.map((a) => ({
      handle: a.handle,
      displayName: a.displayName,
      role: a.role,
      active: true,
      teams: a.teams,
    })),
    questions,
    forecasts,
    resolutions,
    clarifications,
    suggestions,
  };
}

/**
 * Version 2's lists, so the inbox is alive on first start: a clarification
 * on the question awaiting resolution and on an open one, an open suggestion
 * that the closed question's outcome is known, an open dispute of a standing
 * resolution, and a dismissed one.
 */
function loopItems(
  questions: Array<{ key: string; type: string; createdBy: string; opensAt: string; closesAt: string }>,
  forecasts: Array<{ question: string; user: string; createdAt: string }>,
  resolutions: Array<{ question: string; outcome: unknown; resolvedAt: string; resolvedBy: string }>,
) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const end = Date.parse(EXPORTED_AT);
  const resolved = new Set(resolutions.map((r) => r.question));
  const firstForecaster = (key: string) => forecasts.find((f) => f.question === key)?.user;
  const awaiting = questions.find(
    (q) => Date.parse(q.closesAt) < end && !resolved.has(q.key) && firstForecaster(q.key),
  );
  const open = questions.find((q) => Date.parse(q.closesAt) > end && firstForecaster(q.key));
  const disputed = questions.filter((q) => resolved.has(q.key) && firstForecaster(q.key)).slice(0, 2);
  const outcomeFor = (q: { type: string }, yes: boolean) => (q.type === 'binary' ? (yes ? 'yes' : 'no') : 0);
  const clarifications = [awaiting, open].flatMap((q) =>
    q
      ? [
          {
            question: q.key,
            text: 'An official statement from either government counts; press reports citing unnamed officials do not.',
            at: iso(Date.parse(q.opensAt) + DAY),
            by: q.createdBy,
          },
        ]
      : [],
  );
  const suggestions: Array<Record<string, unknown>> = [];
  if (awaiting)
    suggestions.push({
      question: awaiting.key,
      outcome: outcomeFor(awaiting, true),
      occurredAt: iso(Date.parse(awaiting.closesAt) - DAY),
      sourceUrl: 'https://example.org/official-statement',
      note: 'The statement came out the day before the close.',
      by: firstForecaster(awaiting.key),
      at: iso(Date.parse(awaiting.closesAt) + 2 * DAY),
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
  for (const [i, q] of disputed.entries()) {
    const last = resolutions.filter((r) => r.question === q.key).at(-1)!;
    const at = Date.parse(last.resolvedAt) + DAY;
    suggestions.push({
      question: q.key,
      outcome: q.type === 'binary' ? (last.outcome === 'yes' ? 'no' : 'yes') : last.outcome === 0 ? 1 : 0,
      occurredAt: null,
      sourceUrl: null,
      note: 'The readout I saw says otherwise; worth a second look.',
      by: firstForecaster(q.key),
      at: iso(at),
      status: i === 0 ? 'dismissed' : 'open',
      decidedBy: i === 0 ? last.resolvedBy : null,
      decidedAt: i === 0 ? iso(at + DAY) : null,
      decisionNote: i === 0 ? 'The official readout stands; the report cited was second-hand.' : null,
    });
  }
  // Oldest first, as export lists them.
  clarifications.sort((x, y) => x.at.localeCompare(y.at));
  suggestions.sort((x, y) => String(x.at).localeCompare(String(y.at)));
  return { clarifications, suggestions };
}

const archive = build();
const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(here, '../../demo/archive.json');
mkdirSync(dirname(target), { recursive: true });
const text = `${JSON.stringify(archive, null, 2)}\n`;
writeFileSync(target, text);
console.log(
  `wrote ${target}: ${archive.users.length} users, ${archive.questions.length} questions, ` +
    `${archive.forecasts.length} forecasts, ${archive.resolutions.length} resolutions, ${(text.length / 1e6).toFixed(2)} MB`,
);
for (const a of ANALYSTS) console.log(`  ${a.handle.padEnd(5)} ${a.habit}`);
