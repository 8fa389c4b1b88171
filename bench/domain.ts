/**
 * npm run bench:domain: the pure scoring on its own, no database. Times
 * scoreQuestion on questions of each type (1,000 forecasts from 50 analysts),
 * and on one question of 20,000 forecasts from 10,000 analysts (where a
 * quadratic relative Brier would show), against a baseline measured in the
 * same run: the naive reference scorer the domain tests check against
 * (tests/domain/helpers.ts), which recomputes every median and every team
 * aggregate at every instant.
 *
 * Then what the team aggregates (mean, geometric, extremized beside the
 * median crowd) cost: scoreQuestion, which scores all four, against
 * crowdSeries of the same forecasts (the median pool alone). And the
 * recalibration (the best shrink k) over 450,000 final forecasts of the
 * probabilities analysts really enter (multiples of 5% or 1%), as a pooled
 * calibration of a whole workspace would ask it: folding raw forecasts into
 * distinct terms, recalibrating from those terms (what a rollup would hand
 * in), and, for scale, recalibrating from every forecast's terms unfolded.
 */
import os from 'node:os';
import {
  crowdSeries,
  recalibrate,
  recalibrationTerms,
  RecalibrationTermSet,
  scoreQuestion,
  type QuestionType,
  type ScoringForecast,
} from '../src/domain/scoring';
import { referenceScores } from '../tests/domain/helpers';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function generate(
  r: () => number,
  type: QuestionType,
  K: number,
  n: number,
  analysts: number,
  span: number,
): ScoringForecast[] {
  const out: ScoringForecast[] = [];
  for (let i = 0; i < n; i++) {
    let probs: number[];
    if (type === 'binary') {
      const p = Math.round(r() * 100) / 100;
      probs = [1 - p, p];
    } else {
      const w = Array.from({ length: K }, () => Math.floor(r() * 100) + 1);
      const total = w.reduce((a, b) => a + b, 0);
      probs = w.map((x) => x / total);
    }
    out.push({ id: i + 1, analyst: `user${Math.floor(r() * analysts)}`, createdAt: Math.floor(r() * span), probs });
  }
  return out;
}

/** Median wall time of `runs` calls, after a few warm-up calls. */
function p50(runs: number, fn: () => unknown): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;
const resolution = (end: number) => ({ outcome: 1, occurredAt: null, resolvedAt: end });

/** The floor any scorer pays: ordering the forecasts by (createdAt, id). */
const sortOnly = (fs: readonly ScoringForecast[]) => [...fs].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);

console.log('## bench:domain\n');
console.log(
  `- date: ${new Date().toISOString()}; ${os.cpus().length} cores; node ${process.version}; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}\n`,
);
console.log('| case | scoreQuestion p50 | baseline | baseline p50 | ratio | runs |');
console.log('|---|---|---|---|---|---|');
const row = (name: string, fast: number, baseline: string, base: number, runs: string) =>
  console.log(`| ${name} | ${ms(fast)} | ${baseline} | ${ms(base)} | ${(fast / base).toFixed(3)} | ${runs} |`);
for (const type of ['binary', 'categorical', 'ordinal'] as QuestionType[]) {
  const small = generate(lcg(1), type, 5, 200, 20, 1e9);
  const q = { type, closesAt: 1e9 };
  row(
    `${type}, 200 forecasts from 20 analysts`,
    p50(21, () => scoreQuestion(q, resolution(1e9), small)),
    'the naive reference scorer of the tests',
    p50(3, () => referenceScores(type, 1e9, 1, small)),
    '21 / 3',
  );
}
for (const type of ['binary', 'categorical', 'ordinal'] as QuestionType[]) {
  const fs = generate(lcg(1), type, 5, 1000, 50, 1e9);
  const q = { type, closesAt: 1e9 };
  row(
    `${type}, 1,000 forecasts from 50 analysts`,
    p50(21, () => scoreQuestion(q, resolution(1e9), fs)),
    'sorting the forecasts',
    p50(21, () => sortOnly(fs)),
    '21 / 21',
  );
}
{
  const fs = generate(lcg(3), 'categorical', 5, 20_000, 1, 1e9).map((f, i) => ({ ...f, analyst: `user${i % 10_000}` }));
  const q = { type: 'categorical' as const, closesAt: 1e9 };
  row(
    'categorical, 20,000 forecasts from 10,000 analysts',
    p50(5, () => scoreQuestion(q, resolution(1e9), fs)),
    'sorting the forecasts',
    p50(5, () => sortOnly(fs)),
    '5 / 5',
  );
}

console.log(
  '\n### Team aggregates: scoreQuestion (crowd + mean, geometric, extremized) against the median pool alone\n',
);
console.log('| case | scoreQuestion p50 | crowdSeries p50 | ratio | runs |');
console.log('|---|---|---|---|---|');
for (const [type, n, analysts, runs] of [
  ['binary', 1000, 50, 21],
  ['categorical', 1000, 50, 21],
  ['ordinal', 1000, 50, 21],
  ['categorical', 20_000, 10_000, 5],
] as Array<[QuestionType, number, number, number]>) {
  const fs =
    analysts === 10_000
      ? generate(lcg(3), type, 5, n, 1, 1e9).map((f, i) => ({ ...f, analyst: `user${i % 10_000}` }))
      : generate(lcg(1), type, 5, n, analysts, 1e9);
  const q = { type, closesAt: 1e9 };
  const all = p50(runs, () => scoreQuestion(q, resolution(1e9), fs));
  const median = p50(runs, () => crowdSeries(type, fs));
  console.log(
    `| ${type}, ${n.toLocaleString('en')} forecasts from ${analysts.toLocaleString('en')} analysts | ${ms(all)} | ${ms(median)} | ${(all / median).toFixed(2)} | ${runs} |`,
  );
}

interface Final {
  type: QuestionType;
  probs: number[];
  outcome: number;
}

/** A draw from a probability vector. */
function draw(r: () => number, probs: readonly number[]): number {
  let u = r();
  for (let k = 0; k < probs.length; k++) {
    u -= probs[k] as number;
    if (u < 0) return k;
  }
  return probs.length - 1;
}

/**
 * Final forecasts as analysts make them: 60% binary (P(yes) a multiple of 5%,
 * or of 1% for one analyst in four), 25% categorical and 15% ordinal with 3 to
 * 6 options in multiples of 5%. Outcomes come from the forecast moved 30% of
 * the way toward even odds: an overconfident team, so k < 1.
 */
function finals(r: () => number, n: number): Final[] {
  const out: Final[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r();
    const step = r() < 0.25 ? 100 : 20;
    let type: QuestionType;
    let probs: number[];
    if (kind < 0.6) {
      type = 'binary';
      const p = Math.round(r() * step) / step;
      probs = [1 - p, p];
    } else {
      type = kind < 0.85 ? 'categorical' : 'ordinal';
      const K = 3 + Math.floor(r() * 4);
      // K - 1 cuts of 20 twentieths, so every option is a multiple of 5% and the vector sums to exactly 20/20
      const cuts = Array.from({ length: K - 1 }, () => Math.floor(r() * 21)).sort((a, b) => a - b);
      const parts = [...cuts, 20].map((c, k) => c - (k === 0 ? 0 : (cuts[k - 1] as number)));
      probs = parts.map((x) => x / 20);
    }
    const K = probs.length;
    const truth = probs.map((p) => 0.7 * p + 0.3 / K);
    out.push({ type, probs, outcome: draw(r, truth) });
  }
  return out;
}

console.log('\n### Recalibration (the best shrink k) over 450,000 final forecasts\n');
{
  const fs = finals(lcg(7), 450_000);
  const fold = (): RecalibrationTermSet => {
    const set = new RecalibrationTermSet();
    for (const f of fs) set.add(f.type, f.probs, f.outcome);
    return set;
  };
  const folded = fold();
  const input = folded.input();
  const raw = { forecasts: fs.length, terms: fs.flatMap((f) => recalibrationTerms(f.type, f.probs, f.outcome)) };
  const r = recalibrate(input);
  const fromRaw = recalibrate(raw);
  console.log(
    `- ${fs.length.toLocaleString('en')} forecasts, ${raw.terms.length.toLocaleString('en')} terms, ${input.terms.length.toLocaleString('en')} distinct;` +
      ` k = ${r.k?.toFixed(6)}, M(1) = ${r.meanBrier?.toFixed(6)}, M(k) = ${r.meanBrierAtK?.toFixed(6)}` +
      ` (from the unfolded terms: k = ${fromRaw.k?.toFixed(6)}, M(k) differs by ${Math.abs((fromRaw.meanBrierAtK ?? NaN) - (r.meanBrierAtK ?? NaN)).toExponential(1)})\n`,
  );
  console.log('| case | p50 | runs |');
  console.log('|---|---|---|');
  console.log(
    `| recalibrate from the ${input.terms.length.toLocaleString('en')} distinct terms (a rollup) | ${ms(p50(21, () => recalibrate(input)))} | 21 |`,
  );
  console.log(
    `| fold the 450,000 raw forecasts into distinct terms (RecalibrationTermSet.add) | ${ms(p50(7, fold))} | 7 |`,
  );
  console.log(
    `| raw forecasts to the answer: fold, then recalibrate | ${ms(p50(7, () => recalibrate(fold().input())))} | 7 |`,
  );
  console.log(
    `| recalibrate from all ${raw.terms.length.toLocaleString('en')} terms unfolded | ${ms(p50(5, () => recalibrate(raw)))} | 5 |`,
  );
}
