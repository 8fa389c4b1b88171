/**
 * Checks demo/archive.json against the rules of docs/archive.md (the "Problems
 * include" list), the demo's own requirements (enough history for
 * calibration) and the story it is meant to tell (each analyst's habit shows).
 *
 *   npx tsx scripts/demo/check.ts [path/to/archive.json]
 *
 * Prints a summary and exits 1 listing every problem, like the import's 400.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const here = dirname(fileURLToPath(import.meta.url));
const path = process.argv[2] ?? resolve(here, '../../demo/archive.json');
const text = readFileSync(path, 'utf8');
const doc = JSON.parse(text) as Json;

const problems: string[] = [];
const problem = (place: string, message: string) => problems.push(`${place}: ${message}`);

const KEY = /^[a-z0-9-]{1,64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ROLES = new Set(['analyst', 'lead', 'admin']);
const TYPES = new Set(['binary', 'categorical', 'ordinal']);

const isObj = (x: Json | undefined): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: Json | undefined): x is string => typeof x === 'string';

function time(place: string, x: Json | undefined): number | null {
  if (!isStr(x) || !ISO.test(x) || new Date(x).toISOString() !== x) {
    problem(place, `not an ISO 8601 UTC time with milliseconds: ${JSON.stringify(x)}`);
    return null;
  }
  return Date.parse(x);
}

function list(place: string, x: Json | undefined): Obj[] {
  if (!Array.isArray(x)) {
    problem(place, 'not an array');
    return [];
  }
  return x.map((item, i) => {
    if (!isObj(item)) problem(`${place}[${i}]`, 'not an object');
    return isObj(item) ? item : {};
  });
}

function probability(place: string, x: Json | undefined): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) {
    problem(place, `not a probability in [0, 1]: ${JSON.stringify(x)}`);
    return null;
  }
  if (Math.abs(x * 1000 - Math.round(x * 1000)) > 1e-9) problem(place, `more than 3 decimals: ${x}`);
  return x;
}

if (!isObj(doc)) throw new Error(`${path} is not a JSON object`);
if (doc.format !== 'reckon-archive') problem('format', `expected "reckon-archive", got ${JSON.stringify(doc.format)}`);
if (doc.version !== 1) problem('version', `expected 1, got ${JSON.stringify(doc.version)}`);
const exportedAt = time('exportedAt', doc.exportedAt) ?? Infinity;

// --- Teams and users ------------------------------------------------------------

const teams = list('teams', doc.teams);
const teamKeys = new Set<string>();
teams.forEach((t, i) => {
  if (!isStr(t.key) || !KEY.test(t.key)) problem(`teams[${i}].key`, `not a valid key: ${JSON.stringify(t.key)}`);
  else if (teamKeys.has(t.key)) problem(`teams[${i}].key`, `duplicate key ${t.key}`);
  else teamKeys.add(t.key);
  if (!isStr(t.name) || t.name.trim() === '') problem(`teams[${i}].name`, 'missing');
});

const users = list('users', doc.users);
const roles = new Map<string, string>();
users.forEach((u, i) => {
  const place = `users[${i}]`;
  if (!isStr(u.handle) || !KEY.test(u.handle))
    problem(`${place}.handle`, `not a valid handle: ${JSON.stringify(u.handle)}`);
  else if (roles.has(u.handle)) problem(`${place}.handle`, `duplicate handle ${u.handle}`);
  else roles.set(u.handle, isStr(u.role) ? u.role : '');
  if (!isStr(u.displayName) || u.displayName.trim() === '') problem(`${place}.displayName`, 'missing');
  if (!isStr(u.role) || !ROLES.has(u.role))
    problem(`${place}.role`, `not analyst, lead or admin: ${JSON.stringify(u.role)}`);
  if (u.active !== undefined && typeof u.active !== 'boolean') problem(`${place}.active`, 'not a boolean');
  if (!Array.isArray(u.teams)) problem(`${place}.teams`, 'not an array');
  else
    u.teams.forEach((t, j) => {
      if (!isStr(t) || !teamKeys.has(t)) problem(`${place}.teams[${j}]`, `unknown team ${JSON.stringify(t)}`);
    });
});

// --- Questions --------------------------------------------------------------------

interface Question {
  key: string;
  type: string;
  k: number;
  tags: string[];
  opensAt: number;
  closesAt: number;
  hide: boolean;
}
const questions = new Map<string, Question>();
list('questions', doc.questions).forEach((q, i) => {
  const place = `questions[${i}]`;
  if (!isStr(q.key) || !KEY.test(q.key)) return problem(`${place}.key`, `not a valid key: ${JSON.stringify(q.key)}`);
  if (questions.has(q.key)) return problem(`${place}.key`, `duplicate key ${q.key}`);
  if (!isStr(q.title) || q.title.trim() === '') problem(`${place}.title`, 'missing');
  if (!isStr(q.description) || q.description.trim() === '') problem(`${place}.description`, 'missing');
  if (!isStr(q.type) || !TYPES.has(q.type))
    problem(`${place}.type`, `not binary, categorical or ordinal: ${JSON.stringify(q.type)}`);
  let k = 2;
  if (q.type === 'binary') {
    if (q.options !== null) problem(`${place}.options`, 'must be null for a binary question');
  } else if (!Array.isArray(q.options) || !q.options.every((o) => isStr(o) && o.trim() !== '')) {
    problem(`${place}.options`, 'not a list of labels');
  } else {
    k = q.options.length;
    const least = q.type === 'ordinal' ? 3 : 2;
    if (k < least) problem(`${place}.options`, `${q.type} needs ${least} or more options, has ${k}`);
    if (new Set(q.options).size !== k) problem(`${place}.options`, 'duplicate labels');
  }
  if (!Array.isArray(q.tags) || !q.tags.every(isStr)) problem(`${place}.tags`, 'not a list of strings');
  if (!isStr(q.createdBy) || !roles.has(q.createdBy))
    problem(`${place}.createdBy`, `unknown user ${JSON.stringify(q.createdBy)}`);
  if (typeof q.hideForecasts !== 'boolean') problem(`${place}.hideForecasts`, 'not a boolean');
  const opensAt = time(`${place}.opensAt`, q.opensAt);
  const closesAt = time(`${place}.closesAt`, q.closesAt);
  if (opensAt !== null && closesAt !== null && opensAt >= closesAt) problem(`${place}.closesAt`, 'not after opensAt');
  questions.set(q.key, {
    key: q.key,
    type: isStr(q.type) ? q.type : '',
    k,
    tags: Array.isArray(q.tags) ? q.tags.filter(isStr) : [],
    opensAt: opensAt ?? NaN,
    closesAt: closesAt ?? NaN,
    hide: q.hideForecasts === true,
  });
});

// --- Resolutions (read first: forecasts are checked against them) ------------------------

interface Resolution {
  outcome: 'yes' | 'no' | 'annulled' | number;
  occurredAt: number | null;
  resolvedAt: number;
}
const history = new Map<string, Resolution[]>();
list('resolutions', doc.resolutions).forEach((r, i) => {
  const place = `resolutions[${i}]`;
  const q = isStr(r.question) ? questions.get(r.question) : undefined;
  if (!q) return problem(`${place}.question`, `unknown question ${JSON.stringify(r.question)}`);
  if (!isStr(r.resolvedBy) || !roles.has(r.resolvedBy))
    problem(`${place}.resolvedBy`, `unknown user ${JSON.stringify(r.resolvedBy)}`);
  else if (roles.get(r.resolvedBy) === 'analyst')
    problem(`${place}.resolvedBy`, `${r.resolvedBy} is an analyst; leads and admins resolve`);
  const o = r.outcome;
  const fits =
    o === 'annulled' ||
    (q.type === 'binary'
      ? o === 'yes' || o === 'no'
      : typeof o === 'number' && Number.isInteger(o) && o >= 0 && o < q.k);
  if (!fits) problem(`${place}.outcome`, `${JSON.stringify(o)} does not fit a ${q.type} question with ${q.k} outcomes`);
  const resolvedAt = time(`${place}.resolvedAt`, r.resolvedAt);
  const occurredAt =
    r.occurredAt === null || r.occurredAt === undefined ? null : time(`${place}.occurredAt`, r.occurredAt);
  if (occurredAt !== null && resolvedAt !== null && (occurredAt < q.opensAt || occurredAt > resolvedAt)) {
    problem(`${place}.occurredAt`, 'outside [opensAt, resolvedAt]');
  }
  if (resolvedAt !== null && resolvedAt > exportedAt) problem(`${place}.resolvedAt`, 'after exportedAt');
  if (r.sourceUrl !== null && !(isStr(r.sourceUrl) && /^https?:\/\/\S+$/.test(r.sourceUrl)))
    problem(`${place}.sourceUrl`, 'not an http(s) URL or null');
  if (r.note !== null && !isStr(r.note)) problem(`${place}.note`, 'not a string or null');
  const earlier = history.get(q.key) ?? [];
  const previous = earlier[earlier.length - 1];
  if (previous && resolvedAt !== null && resolvedAt <= previous.resolvedAt)
    problem(`${place}.resolvedAt`, `out of time order for ${q.key}`);
  if (resolvedAt !== null && fits) earlier.push({ outcome: o as Resolution['outcome'], occurredAt, resolvedAt });
  history.set(q.key, earlier);
});

// --- Forecasts ----------------------------------------------------------------------------

interface Forecast {
  question: string;
  user: string;
  at: number;
  f: number[];
}
const forecasts: Forecast[] = [];
const lastAt = new Map<string, number>();
let previousAt = -Infinity;
list('forecasts', doc.forecasts).forEach((f, i) => {
  const place = `forecasts[${i}]`;
  const q = isStr(f.question) ? questions.get(f.question) : undefined;
  if (!q) return problem(`${place}.question`, `unknown question ${JSON.stringify(f.question)}`);
  if (!isStr(f.user) || !roles.has(f.user)) return problem(`${place}.user`, `unknown user ${JSON.stringify(f.user)}`);
  const at = time(`${place}.createdAt`, f.createdAt);
  if (at === null) return;
  if (at < q.opensAt || at >= q.closesAt) problem(`${place}.createdAt`, `outside [opensAt, closesAt) of ${q.key}`);
  const first = history.get(q.key)?.[0];
  if (first && at >= first.resolvedAt) problem(`${place}.createdAt`, `at or after the first resolution of ${q.key}`);
  if (at > exportedAt) problem(`${place}.createdAt`, 'after exportedAt');
  if (at < previousAt) problem(`${place}.createdAt`, 'forecasts are not in chronological order');
  previousAt = at;
  const pair = `${q.key}/${f.user}`;
  if (lastAt.get(pair) === at) problem(`${place}.createdAt`, `same instant as the previous forecast of ${pair}`);
  lastAt.set(pair, at);
  if (f.rationale !== null && !isStr(f.rationale)) problem(`${place}.rationale`, 'not a string or null');

  let vector: number[] | null = null;
  if (q.type === 'binary') {
    if (f.probabilities !== undefined) problem(`${place}.probabilities`, 'a binary forecast has probability only');
    const p = probability(`${place}.probability`, f.probability);
    if (p !== null) vector = [1 - p, p];
  } else {
    if (f.probability !== undefined) problem(`${place}.probability`, `a ${q.type} forecast has probabilities only`);
    const v = f.probabilities;
    if (!Array.isArray(v) || v.length !== q.k) {
      problem(`${place}.probabilities`, `needs ${q.k} numbers, one per option`);
    } else {
      const ps = v.map((x, j) => probability(`${place}.probabilities[${j}]`, x));
      if (ps.every((x): x is number => x !== null)) {
        const sum = ps.reduce((s, x) => s + x, 0);
        if (Math.abs(sum - 1) > 1e-6) problem(`${place}.probabilities`, `sum to ${sum}, not 1`);
        vector = ps;
      }
    }
  }
  if (vector) forecasts.push({ question: q.key, user: f.user, at, f: vector });
});

// --- Scores the demo relies on (docs/scoring.md) -------------------------------------------------

interface Scored {
  q: Question;
  outcome: number;
  end: number;
}
const scored = new Map<string, Scored>();
for (const [key, rs] of history) {
  const q = questions.get(key);
  const standing = rs[rs.length - 1];
  if (!q || !standing || standing.outcome === 'annulled') continue;
  const outcome = standing.outcome === 'yes' ? 1 : standing.outcome === 'no' ? 0 : standing.outcome;
  scored.set(key, { q, outcome, end: Math.min(q.closesAt, standing.occurredAt ?? standing.resolvedAt) });
}

function brier(q: Question, f: number[], j: number): number {
  if (q.type === 'ordinal') {
    let F = 0;
    let O = 0;
    let sum = 0;
    for (let k = 0; k < q.k - 1; k++) {
      F += f[k] ?? 0;
      O += k === j ? 1 : 0;
      sum += (F - O) ** 2;
    }
    return (2 / (q.k - 1)) * sum;
  }
  return f.reduce((s, x, k) => s + (x - (k === j ? 1 : 0)) ** 2, 0);
}

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 on erf.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

interface Summary {
  handle: string;
  role: string;
  resolved: number;
  older: number;
  forecasts: number;
  perQuestion: number;
  meanBrier: number;
  extremity: number;
  yesExcess: number;
  lateShare: number;
  z: number;
  p: number;
}

const isDesk = (q: Question) => q.tags.includes('summit');
const byUserQuestion = new Map<string, Forecast[]>();
for (const f of forecasts) {
  const k = `${f.user}\u0000${f.question}`;
  byUserQuestion.set(k, [...(byUserQuestion.get(k) ?? []), f]);
}

const summaries: Summary[] = [];
for (const [handle, role] of roles) {
  let resolved = 0;
  let older = 0;
  let count = 0;
  let brierSum = 0;
  let extremity = 0;
  let binaries = 0;
  let yesExcess = 0;
  let inLastPart = 0;
  let num = 0;
  let den = 0;
  for (const [key, s] of scored) {
    const mine = (byUserQuestion.get(`${handle}\u0000${key}`) ?? []).filter((f) => f.at < s.end);
    const final = mine[mine.length - 1];
    if (!final) continue;
    resolved++;
    if (!isDesk(s.q)) older++;
    count += mine.length;
    brierSum += brier(s.q, final.f, s.outcome);
    for (const f of mine) if (f.at >= s.q.opensAt + 0.85 * (s.end - s.q.opensAt)) inLastPart++;
    const events =
      s.q.type === 'binary' ? [[final.f[1] ?? 0, s.outcome]] : final.f.map((p, k) => [p, k === s.outcome ? 1 : 0]);
    for (const [p = 0, o = 0] of events) {
      num += (o - p) * (1 - 2 * p);
      den += (1 - 2 * p) ** 2 * p * (1 - p);
    }
    if (s.q.type === 'binary') {
      const p = final.f[1] ?? 0;
      binaries++;
      extremity += Math.abs(p - 0.5);
      yesExcess += p - s.outcome;
    }
  }
  const z = den > 0 ? num / Math.sqrt(den) : NaN;
  summaries.push({
    handle,
    role,
    resolved,
    older,
    forecasts: count,
    perQuestion: resolved ? count / resolved : 0,
    meanBrier: resolved ? brierSum / resolved : NaN,
    extremity: binaries ? extremity / binaries : NaN,
    yesExcess: binaries ? yesExcess / binaries : NaN,
    lateShare: count ? inLastPart / count : 0,
    z,
    p: Number.isNaN(z) ? NaN : 2 * (1 - normalCdf(Math.abs(z))),
  });
}

// --- The demo's requirements and story ----------------------------------------------------------

const olderResolved = [...scored.values()].filter((s) => !isDesk(s.q));
if (olderResolved.length < 60)
  problem(
    'questions',
    `only ${olderResolved.length} older resolved questions outside the summit set; the demo needs 60`,
  );

const analysts = summaries.filter((s) => s.role === 'analyst');
for (const s of analysts) {
  if (s.resolved < 40)
    problem(`users.${s.handle}`, `forecasts on only ${s.resolved} resolved questions; calibration needs 40`);
}

const lateForecasts = forecasts.filter((f) => {
  const s = scored.get(f.question);
  return s && f.at >= s.end;
});
if (lateForecasts.length === 0)
  problem('forecasts', "no forecast after its question's occurredAt (the demo shows one that is kept but not scored)");
const reResolved = [...history.entries()].filter(([, rs]) => rs.length > 1).map(([k]) => k);
const annulled = [...history.entries()].filter(([, rs]) => rs[rs.length - 1]?.outcome === 'annulled').map(([k]) => k);
const unresolved = [...questions.values()].filter((q) => !history.has(q.key));
const open = unresolved.filter((q) => q.closesAt > exportedAt);
const awaiting = unresolved.filter((q) => q.closesAt <= exportedAt);
if (reResolved.length === 0) problem('resolutions', 'no question was resolved twice');
if (annulled.length === 0) problem('resolutions', 'no annulled question');
if (open.length === 0) problem('questions', 'no question still open at exportedAt');
if (awaiting.length === 0) problem('questions', 'no closed question awaiting resolution');
if (![...questions.values()].some((q) => q.hide)) problem('questions', 'no question hides forecasts');

const get = (handle: string) => summaries.find((s) => s.handle === handle);
const story: [string, (s: Summary) => boolean, string][] = [
  ['ana', (s) => s.p >= 0.05, 'well calibrated (Spiegelhalter p >= 0.05)'],
  // Spiegelhalter's z is positive when forecasts are too extreme, negative when too timid.
  [
    'ben',
    (s) => s.z > 2 && analysts.every((o) => o.z <= s.z) && s.meanBrier > (get('ana')?.meanBrier ?? Infinity),
    'overconfident (largest positive Spiegelhalter z, worse Brier than ana)',
  ],
  [
    'cy',
    (s) => s.z < 0 && analysts.every((o) => o.extremity >= s.extremity),
    'cautious (least extreme, negative Spiegelhalter z)',
  ],
  ['dana', (s) => s.lateShare >= 0.9, 'late (90%+ of forecasts in the last 15% of the window)'],
  [
    'eli',
    (s) => analysts.every((o) => o.perQuestion <= s.perQuestion),
    'frequent updater (most forecasts per question)',
  ],
  ['fay', (s) => s.meanBrier > (get('ana')?.meanBrier ?? Infinity), 'contrarian (worse Brier than ana)'],
  [
    'gus',
    (s) => s.yesExcess > 0.05 && analysts.every((o) => o.yesExcess <= s.yesExcess),
    'action bias (highest mean p - outcome)',
  ],
  ['hana', (s) => s.perQuestion === 1, 'one-and-done (one forecast per question)'],
];
for (const [handle, holds, what] of story) {
  const s = get(handle);
  if (!s) problem(`users.${handle}`, 'missing');
  else if (!holds(s)) problem(`users.${handle}`, `habit does not show: ${what}`);
}

// --- Report -----------------------------------------------------------------------------------------

const f2 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(2).padStart(5));
console.log(`${path} (${(text.length / 1e6).toFixed(2)} MB)`);
console.log(
  `  ${teams.length} teams, ${users.length} users, ${questions.size} questions, ${forecasts.length} forecasts, ` +
    `${[...history.values()].reduce((s, rs) => s + rs.length, 0)} resolutions`,
);
console.log(
  `  ${scored.size} resolved and scored (${olderResolved.length} older, ${scored.size - olderResolved.length} summit), ` +
    `${annulled.length} annulled (${annulled.join(', ')}), re-resolved: ${reResolved.join(', ')}`,
);
console.log(`  open: ${open.map((q) => q.key).join(', ')}`);
console.log(`  closed, awaiting resolution: ${awaiting.map((q) => q.key).join(', ')}`);
console.log(
  `  late forecasts (kept, not scored): ${lateForecasts.map((f) => `${f.user} on ${f.question}`).join('; ')}`,
);
console.log('');
console.log('  user  role     resolved older fcasts per-q  brier |p-.5| p-o   late  spieg.z  p');
for (const s of summaries) {
  console.log(
    `  ${s.handle.padEnd(5)} ${s.role.padEnd(8)} ${String(s.resolved).padStart(8)} ${String(s.older).padStart(5)} ` +
      `${String(s.forecasts).padStart(6)} ${f2(s.perQuestion)} ${f2(s.meanBrier)} ${f2(s.extremity)} ${f2(s.yesExcess)} ` +
      `${f2(s.lateShare)} ${f2(s.z).padStart(7)} ${f2(s.p)}`,
  );
}
console.log('');
if (problems.length > 0) {
  console.error(`${problems.length} problem(s):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log("OK: every docs/archive.md rule holds, and so do the demo's counts and habits.");
