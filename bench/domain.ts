/**
 * npm run bench:domain: the pure scoring on its own, no database. Times
 * scoreQuestion on questions of each type (1,000 forecasts from 50 analysts),
 * and on one question of 20,000 forecasts from 10,000 analysts (where a
 * quadratic relative Brier would show), against a baseline measured in the
 * same run: the naive reference scorer the domain tests check against
 * (tests/domain/helpers.ts), which recomputes every median at every instant.
 */
import os from 'node:os';
import { scoreQuestion, type QuestionType, type ScoringForecast } from '../src/domain/scoring';
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
