/**
 * A diagnostic, not a benchmark: the CLI import's phases, in process.
 *
 *   node --expose-gc --import tsx bench/profile-import.ts
 *
 * Generates the bench:import archive, then does what src/cli/import.ts does
 * (parseArchive, then importArchive with a progress callback) on a fresh
 * database, printing when each phase (reading, checking, writing, rescoring,
 * commit) started, how long it took, and the heap and RSS at its end — after a
 * forced GC when --expose-gc is given, so "heap retained" is what is still
 * referenced. Removes the file and the database.
 *
 * With --heap (and --expose-gc), also forces a GC at every rescoring progress
 * step and every 20th writing step and reports the largest retained heap seen
 * in each phase (the timings are then inflated by the forced GCs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/clock';
import { openPostgres } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { importArchive } from '../src/features/archive/archive.import';
import { parseArchive } from '../src/features/archive/archive.parse';
import { generate, writeArchive } from './archive-gen';
import { dropDatabase, fmtMs, loadAverage, log, recreateDatabase } from './lib';

const DB_NAME = 'reckon_bench_profile_import';
const gc = (globalThis as { gc?: () => void }).gc;

const heapMode = process.argv.includes('--heap') && gc !== undefined;
const maxRetained = new Map<string, number>();
let progressCalls = 0;
function sampleRetained() {
  gc!();
  const h = process.memoryUsage().heapUsed;
  maxRetained.set(phase, Math.max(maxRetained.get(phase) ?? 0, h));
}

const t0 = performance.now();
const lines: string[] = [];
let phase = 'start';
let phaseStart = 0;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
function enter(next: string) {
  const now = performance.now() - t0;
  gc?.();
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  lines.push(
    `  ${phase.padEnd(10)} ${(phaseStart / 1000).toFixed(1).padStart(6)} s -> ${(now / 1000).toFixed(1).padStart(6)} s  (${fmtMs(now - phaseStart).padStart(8)})` +
      `   at its end: heap ${gc ? 'retained' : 'used'} ${(m.heapUsed / 2 ** 20).toFixed(0).padStart(5)} MB, rss ${(m.rss / 2 ** 20).toFixed(0).padStart(5)} MB, peak rss so far ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
  log(`${phase} done; ${next}`);
  phase = next;
  phaseStart = performance.now() - t0;
}

async function main() {
  const file = path.join(os.tmpdir(), `reckon-bench-profile-import-${process.pid}.json`);
  try {
    log('generating');
    await writeArchive(generate(), file);
    const url = await recreateDatabase(DB_NAME);
    const database = await openPostgres(url, { max: 10 });
    try {
      await migrate(database);
      enter('reading');
      const parsed = await parseArchive(fs.createReadStream(file));
      enter('checking');
      await importArchive({ db: database.db, clock: systemClock }, null, parsed, (p) => {
        if (p.phase !== phase) enter(p.phase);
        else if (heapMode && (p.phase === 'rescoring' || (p.phase === 'writing' && ++progressCalls % 20 === 0)))
          sampleRetained();
      });
      enter('done');
    } finally {
      await database.close();
    }
  } finally {
    clearInterval(sampler);
    fs.rmSync(file, { force: true });
    await dropDatabase(DB_NAME);
  }
  console.log(
    `import phases, in process (load ${loadAverage()}; ${gc ? 'GC forced at each boundary' : 'run with --expose-gc for retained heap'}):`,
  );
  console.log(lines.slice(1).join('\n'));
  console.log('  (checking ends with the inserts of teams, users and questions; rescoring ends with the commit)');
  if (heapMode) {
    console.log(`largest retained heap seen inside a phase (forced GC at progress steps; timings above inflated):`);
    for (const [k, v] of maxRetained) console.log(`  ${k.padEnd(10)} ${(v / 2 ** 20).toFixed(0)} MB`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
