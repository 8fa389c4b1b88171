/**
 * A diagnostic, not a benchmark: where does resolving a question with 1,000
 * forecasts spend its time, statement by statement?
 *
 *   npx tsx bench/profile-resolve.ts [--build] [--keep]
 *
 * On reckon_bench_profile (the bench:scores workspace; built with --build or
 * when missing, then rescored once), turns on log_min_duration_statement = 0
 * for that database only, re-resolves the benchmark question 20 times through
 * resolutions.service resolveQuestion (in process, no HTTP), and sums the
 * statement durations PostgreSQL logged, by statement. Reads the server log at
 * BENCH_PG_LOG (default /var/log/postgresql/postgresql-15-main.log).
 */
import fs from 'node:fs';
import postgres from 'postgres';
import { systemClock } from '../src/clock';
import { sql } from 'drizzle-orm';
import { openPostgres, queryRows } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { resolveQuestion } from '../src/features/resolutions/resolutions.service';
import { rescoreAll } from '../src/features/scores/rescoring.service';
import { databaseUrl, dropDatabase, fmtMs, loadAverage, log, median, recreateDatabase, timed } from './lib';
import { ADMIN, TARGET, buildWorkspace } from './workspace';

const DB_NAME = 'reckon_bench_profile';
const LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const RUNS = 20;
const args = new Set(process.argv.slice(2));

async function main() {
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  const present = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  if (args.has('--build') || !present) {
    log(`building ${DB_NAME}`);
    const url = await recreateDatabase(DB_NAME);
    const d = await openPostgres(url, { max: 2 });
    await migrate(d);
    await buildWorkspace(url);
    log('rescoring');
    await rescoreAll(d.db);
    await d.close();
  }
  await admin.unsafe(`alter database ${DB_NAME} set log_min_duration_statement = 0`);
  const database = await openPostgres(databaseUrl(DB_NAME), { max: 2 });
  const times: number[] = [];
  const offset = fs.statSync(LOG).size;
  try {
    const [u] = await queryRows<{ id: number }>(database.db, sql`select id from users where handle = ${ADMIN}`);
    const actor = { id: Number(u!.id), handle: ADMIN, displayName: ADMIN, role: 'admin' as const };
    const deps = { db: database.db, clock: systemClock, sessionDays: 14, secureCookies: false };
    await resolveQuestion(deps, actor, TARGET, { outcome: 'yes' }); // first resolution: not timed
    for (let i = 0; i < RUNS; i++) {
      times.push((await timed(() => resolveQuestion(deps, actor, TARGET, { outcome: i % 2 ? 'yes' : 'no' }))).ms);
    }
  } finally {
    await database.close();
    await admin.unsafe(`alter database ${DB_NAME} reset log_min_duration_statement`);
  }
  // Sum the logged durations by statement (first 100 characters, parameters stripped).
  const text = fs.readFileSync(LOG, 'utf8').slice(offset);
  const byStatement = new Map<string, { n: number; ms: number }>();
  for (const m of text.matchAll(
    /duration: ([\d.]+) ms\s+(?:statement|execute [^:]*|parse [^:]*|bind [^:]*): ([^\n]*)/g,
  )) {
    const kind = /duration: [\d.]+ ms\s+(\w+)/.exec(m[0])?.[1] ?? '';
    const stmt = `${kind}: ${m[2]!.replace(/\$\d+/g, '$').replace(/\s+/g, ' ').slice(0, 110)}`;
    const e = byStatement.get(stmt) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += Number(m[1]);
    byStatement.set(stmt, e);
  }
  console.log(`resolveQuestion in process: p50 ${fmtMs(median(times))} over ${RUNS} runs (load ${loadAverage()})`);
  console.log('PostgreSQL time per resolution, by statement (mean over the runs):');
  const total = RUNS + 1;
  for (const [k, v] of [...byStatement.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`  ${(v.ms / total).toFixed(2).padStart(8)} ms  x${(v.n / total).toFixed(1).padStart(5)}  ${k}`);
  }
  if (!args.has('--keep')) await dropDatabase(DB_NAME);
  await admin.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
