/**
 * A deterministic synthetic workspace in the reckon-archive format
 * (docs/archive.md), streamed to a file: 500 users (499 analysts and a
 * lead) in 5 teams, 10,000 questions (80% binary, 10% categorical with 4
 * options, 10% ordinal with 5; 1-2 of 20 tags), 1,000,000 forecasts (50
 * analysts per question, 2 forecasts each, in global time order like an
 * export of a real ledger) and ~90% of the questions resolved.
 *
 * Every forecast obeys docs/archive.md: createdAt in [opensAt, closesAt) and before
 * the question's (only) resolution's resolvedAt; binary `probability` with two
 * decimals, vectors of integer percentages / 100 (sum to 1 within 1e-6);
 * occurredAt in [opensAt, resolvedAt]. The forecasts are kept as typed arrays
 * (about 20 MB) so they can be sorted by time and replayed for the baseline;
 * the JSON text is never held, only written in ~1 MB pieces.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { prng } from './lib';

export const N_USERS = 500; // 499 analysts + 1 lead
export const N_ANALYSTS = N_USERS - 1;
export const N_QUESTIONS = 10_000;
export const PER_QUESTION = 50;
export const PER_ANALYST = 2;
export const N_FORECASTS = N_QUESTIONS * PER_QUESTION * PER_ANALYST;
const DAY = 86_400_000;
const T0 = Date.UTC(2022, 0, 1);
const LEAD = 'lead-1';
const TEAMS = ['desk-a', 'desk-b', 'desk-c', 'desk-d', 'desk-e'];

export interface GenQuestion {
  key: string;
  type: 'binary' | 'categorical' | 'ordinal';
  k: number;
  options: string[] | null;
  tags: string[];
  opensAt: number;
  closesAt: number;
  resolution: { outcome: number; occurredAt: number | null; resolvedAt: number } | null;
}

export interface Generated {
  questions: GenQuestion[];
  handles: string[]; // analysts, index = analyst number
  /** Forecasts in archive order: question index, analyst index, time, percentages (k per forecast, 5 slots). */
  fq: Int32Array;
  fu: Int16Array;
  ft: Float64Array;
  fp: Uint8Array;
  fr: Uint8Array; // 1 when the forecast has a rationale
}

const analystHandle = (i: number) => `analyst-${String(i + 1).padStart(3, '0')}`;

/** The workspace as numbers (no JSON yet). Deterministic for a given seed. */
export function generate(seed = 20230913): Generated {
  const r = prng(seed);
  const questions: GenQuestion[] = [];
  for (let i = 0; i < N_QUESTIONS; i++) {
    const type = i % 10 < 8 ? 'binary' : i % 10 === 8 ? 'categorical' : 'ordinal';
    const k = type === 'binary' ? 2 : type === 'categorical' ? 4 : 5;
    const opensAt = T0 + Math.floor(r() * 1000 * DAY);
    const len = (10 + Math.floor(r() * 80)) * DAY + Math.floor(r() * DAY);
    const closesAt = opensAt + len;
    const t1 = 1 + Math.floor(r() * 20);
    const tags = [`tag-${String(t1).padStart(2, '0')}`];
    if (r() < 0.5) tags.push(`tag-${String(1 + ((t1 - 1 + 1 + Math.floor(r() * 19)) % 20)).padStart(2, '0')}`);
    let resolution: GenQuestion['resolution'] = null;
    if (r() < 0.9) {
      const outcome = Math.floor(r() * k);
      if (r() < 0.8) {
        const occurredAt = opensAt + Math.floor((0.5 + 0.5 * r()) * len);
        resolution = { outcome, occurredAt, resolvedAt: occurredAt + Math.floor(r() * 2 * DAY) };
      } else {
        resolution = { outcome, occurredAt: null, resolvedAt: opensAt + 1 + Math.floor((0.6 + 0.6 * r()) * len) };
      }
    }
    questions.push({
      key: `bench-q-${String(i + 1).padStart(5, '0')}`,
      type,
      k,
      options:
        type === 'binary'
          ? null
          : type === 'categorical'
            ? ['A', 'B', 'C', 'D']
            : ['<10', '10-20', '20-30', '30-40', '>=40'],
      tags,
      opensAt,
      closesAt,
      resolution,
    });
  }
  const n = N_FORECASTS;
  const fq = new Int32Array(n);
  const fu = new Int16Array(n);
  const ft = new Float64Array(n);
  const fp = new Uint8Array(n * 5);
  const fr = new Uint8Array(n);
  let f = 0;
  const cuts: number[] = [];
  for (let qi = 0; qi < N_QUESTIONS; qi++) {
    const q = questions[qi]!;
    const limit = q.resolution ? Math.min(q.closesAt, q.resolution.resolvedAt) : q.closesAt;
    const start = Math.floor(r() * N_ANALYSTS);
    for (let j = 0; j < PER_QUESTION; j++) {
      const u = (start + j * 10) % N_ANALYSTS; // 499 is prime: 50 distinct analysts
      for (let m = 0; m < PER_ANALYST; m++) {
        fq[f] = qi;
        fu[f] = u;
        ft[f] = q.opensAt + Math.floor(r() * (limit - q.opensAt)); // in [opensAt, limit)
        if (q.k === 2) {
          fp[f * 5] = Math.floor(r() * 101);
        } else {
          cuts.length = 0;
          for (let c = 0; c < q.k - 1; c++) cuts.push(Math.floor(r() * 101));
          cuts.sort((a, b) => a - b);
          let prev = 0;
          for (let c = 0; c < q.k - 1; c++) {
            fp[f * 5 + c] = cuts[c]! - prev;
            prev = cuts[c]!;
          }
          fp[f * 5 + q.k - 1] = 100 - prev;
        }
        fr[f] = r() < 0.1 ? 1 : 0;
        f++;
      }
    }
  }
  // Global time order (ties by generation order), as an export of a real ledger lists them.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => ft[a]! - ft[b]! || a - b);
  const g: Generated = {
    questions,
    handles: Array.from({ length: N_ANALYSTS }, (_, i) => analystHandle(i)),
    fq: new Int32Array(n),
    fu: new Int16Array(n),
    ft: new Float64Array(n),
    fp: new Uint8Array(n * 5),
    fr: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = order[i]!;
    g.fq[i] = fq[s]!;
    g.fu[i] = fu[s]!;
    g.ft[i] = ft[s]!;
    g.fr[i] = fr[s]!;
    for (let c = 0; c < 5; c++) g.fp[i * 5 + c] = fp[s * 5 + c]!;
  }
  return g;
}

/** The stored probability vector of forecast i (binary: [1 - p, p]), as the import stores it. */
export function probsOf(g: Generated, i: number): number[] {
  const q = g.questions[g.fq[i]!]!;
  if (q.k === 2) {
    const p = g.fp[i * 5]!;
    return [1 - p / 100, p / 100];
  }
  const v: number[] = [];
  for (let c = 0; c < q.k; c++) v.push(g.fp[i * 5 + c]! / 100);
  return v;
}

export const RATIONALE = 'Base rate, adjusted for the latest reporting.';
const iso = (ms: number) => new Date(ms).toISOString();

/** Writes the archive JSON to `file`, in ~1 MB pieces with backpressure. Returns its size in bytes. */
export async function writeArchive(g: Generated, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  let buf = '';
  const flush = async (force = false) => {
    if (buf.length < 1 << 20 && !force) return;
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const list = async <T>(name: string, items: Iterable<T>, toJson: (x: T) => unknown, last = false) => {
    buf += `"${name}":[`;
    let first = true;
    for (const x of items) {
      buf += (first ? '\n' : ',\n') + JSON.stringify(toJson(x));
      first = false;
      await flush();
    }
    buf += `\n]${last ? '' : ','}\n`;
  };
  buf += `{"format":"reckon-archive","version":1,"exportedAt":"2025-01-01T00:00:00.000Z",\n`;
  await list('teams', TEAMS, (key) => ({ key, name: `Desk ${key.slice(-1).toUpperCase()}` }));
  const users = [
    { handle: LEAD, displayName: 'Lead One', role: 'lead', active: true, teams: [] as string[] },
    ...g.handles.map((h, i) => ({
      handle: h,
      displayName: `Analyst ${i + 1}`,
      role: 'analyst',
      active: true,
      teams: [TEAMS[i % TEAMS.length]!],
    })),
  ];
  await list('users', users, (u) => u);
  await list('questions', g.questions, (q) => ({
    key: q.key,
    title: `Benchmark question ${q.key.slice(-5)}: will the synthetic event happen?`,
    description: 'A synthetic question for the import benchmark.',
    type: q.type,
    options: q.options,
    tags: q.tags,
    createdBy: LEAD,
    opensAt: iso(q.opensAt),
    closesAt: iso(q.closesAt),
    hideForecasts: false,
  }));
  function* forecastIndices() {
    for (let i = 0; i < N_FORECASTS; i++) yield i;
  }
  await list('forecasts', forecastIndices(), (i) => {
    const q = g.questions[g.fq[i]!]!;
    const base = { question: q.key, user: g.handles[g.fu[i]!]!, createdAt: iso(g.ft[i]!) };
    const rationale = g.fr[i] ? RATIONALE : null;
    if (q.k === 2) return { ...base, probability: g.fp[i * 5]! / 100, rationale };
    const v: number[] = [];
    for (let c = 0; c < q.k; c++) v.push(g.fp[i * 5 + c]! / 100);
    return { ...base, probabilities: v, rationale };
  });
  const resolved = g.questions
    .filter((q) => q.resolution)
    .sort((a, b) => a.resolution!.resolvedAt - b.resolution!.resolvedAt);
  await list(
    'resolutions',
    resolved,
    (q) => {
      const res = q.resolution!;
      return {
        question: q.key,
        outcome: q.type === 'binary' ? (res.outcome === 1 ? 'yes' : 'no') : res.outcome,
        occurredAt: res.occurredAt === null ? null : iso(res.occurredAt),
        resolvedAt: iso(res.resolvedAt),
        resolvedBy: LEAD,
        sourceUrl: 'https://example.org/source',
        note: null,
      };
    },
    true,
  );
  buf += '}\n';
  await flush(true);
  out.end();
  await once(out, 'finish');
  return fs.statSync(file).size;
}

export const ARCHIVE_USERS = { LEAD, TEAMS };
