/**
 * npm run bench:import — the archive import at scale (issue 4, "Scale").
 *
 * Generates a deterministic archive (10,000 questions, 500 users, 1,000,000
 * forecasts, ~90% resolved) streamed to a temporary file, creates a fresh
 * migrated database on the PostgreSQL server, and runs the real CLI
 * (`node --import tsx src/cli/import.ts FILE`) as a child process, measuring
 * its wall time, forecasts/s and peak RSS (VmHWM polled every 100 ms). While it
 * runs, the statements it has in flight are sampled from pg_stat_activity to
 * split the wall time into phases. Baseline in the same run: the same
 * 1,000,000 forecast rows inserted straight into a fresh forecasts table with
 * postgres.js multi-row inserts (no parsing, no validation, no scoring).
 * Prints one markdown table; removes the file and both databases.
 *
 * Knobs (environment): BENCH_DATABASE_URL; BENCH_CPU_PROF_DIR=dir (run the CLI
 * with --cpu-prof into dir); BENCH_KEEP_DB=1.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openPostgres } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { ARCHIVE_USERS, N_FORECASTS, RATIONALE, generate, probsOf, writeArchive } from './archive-gen';
import {
  dropDatabase,
  fmtMB,
  fmtMs,
  loadAverage,
  log,
  machineLines,
  memoryOf,
  recreateDatabase,
  table,
  timed,
  verdictAbove,
  verdictBelow,
  type Row,
} from './lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DB_IMPORT = 'reckon_bench_import';
const DB_BASE = 'reckon_bench_import_base';
const BASELINE_BATCH = 5000; // as src/features/archive/archive.repository.ts insertForecasts

async function freshMigrated(name: string): Promise<string> {
  const url = await recreateDatabase(name);
  const d = await openPostgres(url, { max: 1 });
  try {
    await migrate(d);
  } finally {
    await d.close();
  }
  return url;
}

/** Classifies a statement the import has in flight. */
function phaseOf(query: string): string {
  const q = query.trimStart().toLowerCase();
  // insertJson's statements, or the COPY the import sends on a server (db/bulk.ts copyRows)
  if (q.startsWith('insert into "forecasts"') || q.startsWith('copy "forecasts"')) return 'writing forecasts';
  if (
    q.startsWith('insert into "users"') ||
    q.startsWith('insert into "questions"') ||
    q.startsWith('insert into "teams"') ||
    q.startsWith('insert into "memberships"') ||
    q.startsWith('insert into "resolutions"')
  )
    return 'writing users/questions/resolutions';
  if (
    /question_scores|crowd_scores|rollups|from "forecasts" where "forecasts"\."question_id" in|distinct on \(question_id\)/.test(
      q,
    )
  )
    return 'rescoring (SQL in flight)';
  return 'other SQL';
}

interface ImportRun {
  ms: number;
  hwmKb: number;
  code: number | null;
  stdout: string;
  stderr: string;
  timeline: Array<{ at: number; phase: string }>;
  rssSamples: Array<{ at: number; rssKb: number }>;
}

/** The V8 flags of package.json's "import" script, so the bench runs the CLI as `npm run import` does. */
function importScriptFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (pkg.scripts.import ?? '').split(/\s+/).filter((a) => a.startsWith('--max-old-space-size'));
}

async function runImport(url: string, file: string): Promise<ImportRun> {
  const prof = process.env.BENCH_CPU_PROF_DIR;
  const args = [
    ...importScriptFlags(),
    ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
    '--import',
    'tsx',
    'src/cli/import.ts',
    file,
  ];
  const monitor = postgres(url, { max: 1, onnotice: () => {} });
  await monitor`select 1`;
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let hwmKb = 0;
  const rssSamples: ImportRun['rssSamples'] = [];
  let lastRssSample = -Infinity;
  const poll = setInterval(() => {
    const m = memoryOf(child.pid!);
    if (!m) return;
    hwmKb = Math.max(hwmKb, m.hwm);
    const at = performance.now() - t0;
    if (at - lastRssSample >= 1000) {
      rssSamples.push({ at, rssKb: m.rss });
      lastRssSample = at;
    }
  }, 100);
  const timeline: ImportRun['timeline'] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const rows = await monitor<Array<{ query: string }>>`
          select query from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`;
        const at = performance.now() - t0;
        timeline.push({
          at,
          phase: rows.length ? phaseOf(rows[0]!.query) : 'no SQL in flight (JS: reading, checking, scoring)',
        });
      } catch {
        /* the monitor is best effort */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const ms = performance.now() - t0;
  clearInterval(poll);
  sampling = false;
  await sampler;
  await monitor.end();
  return { ms, hwmKb, code, stdout, stderr, timeline, rssSamples };
}

/**
 * Splits the CLI's wall time into phases from the sampled statements: reading
 * and checking (JS only, before the first insert), writing (up to the last
 * forecast insert), rescoring (up to the last scoring statement), then commit
 * and exit; with the share of samples in each phase that had SQL in flight.
 */
function phases(timeline: ImportRun['timeline'], total: number): string[] {
  const first = (f: (p: string) => boolean) => timeline.find((s) => f(s.phase))?.at;
  const last = (f: (p: string) => boolean) => [...timeline].reverse().find((s) => f(s.phase))?.at;
  const writeStart = first((p) => p.startsWith('writing'));
  const writeEnd = last((p) => p === 'writing forecasts');
  const rescoreEnd = last((p) => p.startsWith('rescoring'));
  if (writeStart === undefined || writeEnd === undefined || rescoreEnd === undefined) {
    return ['phases: too few pg_stat_activity samples to tell'];
  }
  const windows: Array<[string, number, number]> = [
    ['reading + checking', 0, writeStart],
    ['writing', writeStart, writeEnd],
    ['rescoring', writeEnd, rescoreEnd],
    ['commit + exit', rescoreEnd, total],
  ];
  const parts = windows.map(([name, from, to]) => {
    const inside = timeline.filter((s) => s.at >= from && s.at < to);
    const busy = inside.filter((s) => !s.phase.startsWith('no SQL')).length;
    const share = inside.length ? ` (SQL in flight in ${Math.round((100 * busy) / inside.length)}% of samples)` : '';
    return `${name} ${fmtMs(to - from)}${share}`;
  });
  return [`phases (from pg_stat_activity sampled every 200 ms): ${parts.join('; ')}`];
}

/** The baseline: the same forecast rows, postgres.js multi-row inserts in one transaction. */
async function baseline(url: string, g: ReturnType<typeof generate>): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Users and questions first (not timed), so the foreign keys hold.
    const now = new Date('2025-01-01T00:00:00Z');
    const userRows = [ARCHIVE_USERS.LEAD, ...g.handles].map((h, i) => ({
      handle: h,
      display_name: h,
      role: i === 0 ? 'lead' : 'analyst',
      active: true,
      created_at: now,
    }));
    const users = await sql<
      Array<{ id: number; handle: string }>
    >`insert into users ${sql(userRows)} returning id, handle`;
    const userId = new Map(users.map((u) => [u.handle, u.id]));
    const questionIds: number[] = [];
    for (let i = 0; i < g.questions.length; i += 2000) {
      const rows = g.questions.slice(i, i + 2000).map((q) => ({
        key: q.key,
        title: q.key,
        description: '',
        type: q.type,
        options: q.options === null ? null : sql.json(q.options),
        tags: q.tags,
        opens_at: new Date(q.opensAt),
        closes_at: new Date(q.closesAt),
        hide_forecasts: false,
        created_by: userId.get(ARCHIVE_USERS.LEAD)!,
        created_at: new Date(q.opensAt),
        updated_at: now,
      }));
      const ins = await sql<Array<{ id: number }>>`insert into questions ${sql(rows)} returning id`;
      questionIds.push(...ins.map((r) => r.id));
    }
    const analystIds = g.handles.map((h) => userId.get(h)!);
    const t0 = performance.now();
    await sql.begin(async (tx) => {
      for (let i = 0; i < N_FORECASTS; i += BASELINE_BATCH) {
        const rows = [];
        for (let f = i; f < Math.min(i + BASELINE_BATCH, N_FORECASTS); f++) {
          rows.push({
            question_id: questionIds[g.fq[f]!]!,
            user_id: analystIds[g.fu[f]!]!,
            created_at: new Date(g.ft[f]!),
            probs: probsOf(g, f),
            rationale: g.fr[f] ? RATIONALE : null,
          });
        }
        await tx`insert into forecasts ${tx(rows)}`;
      }
    });
    const ms = performance.now() - t0;
    const [c] = await sql<Array<{ n: string }>>`select count(*) n from forecasts`;
    if (Number(c?.n) !== N_FORECASTS) throw new Error(`baseline inserted ${c?.n} forecasts`);
    return ms;
  } finally {
    await sql.end();
  }
}

async function main() {
  const header = await machineLines();
  const file = path.join(os.tmpdir(), `reckon-bench-import-${process.pid}.json`);
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    log('generating the archive');
    const gen = await timed(async () => {
      const g = generate();
      const bytes = await writeArchive(g, file);
      return { g, bytes };
    });
    const { g, bytes } = gen.value;
    const resolved = g.questions.filter((q) => q.resolution).length;
    notes.push(
      `archive: ${(bytes / 1e6).toFixed(1)} MB, ${g.handles.length + 1} users, ${g.questions.length} questions (${resolved} resolved), ` +
        `${N_FORECASTS.toLocaleString('en')} forecasts; generated in ${fmtMs(gen.ms)}`,
    );

    log('creating the import database');
    const url = await freshMigrated(DB_IMPORT);
    log('running the CLI import');
    const run = await runImport(url, file);
    if (run.code !== 0) throw new Error(`the import exited with ${run.code}:\n${run.stdout}\n${run.stderr}`);
    const check = postgres(url, { max: 1, onnotice: () => {} });
    let counts: Record<string, string> | undefined;
    try {
      [counts] = await check<Array<Record<string, string>>>`
        select (select count(*) from forecasts) forecasts, (select count(*) from resolutions) resolutions,
               (select count(*) from question_scores) question_scores, (select count(*) from calibration_rollups) calibration_rollups`;
    } finally {
      await check.end();
    }
    if (Number(counts?.forecasts) !== N_FORECASTS) throw new Error(`the import wrote ${counts?.forecasts} forecasts`);
    notes.push(`CLI output: ${run.stdout.trim().split('\n').pop()}`);
    notes.push(
      `after the import: ${counts?.forecasts} forecasts, ${counts?.resolutions} resolutions, ${counts?.question_scores} question_scores, ${counts?.calibration_rollups} calibration_rollups rows`,
    );
    notes.push(...phases(run.timeline, run.ms));
    notes.push(
      `RSS of the CLI every ~5 s: ${run.rssSamples
        .filter((_, i) => i % 5 === 0)
        .map((s) => `${(s.at / 1000).toFixed(0)} s ${fmtMB(s.rssKb)}`)
        .join(', ')}`,
    );
    const rate = N_FORECASTS / (run.ms / 1000);
    rows.push({
      measure: `\`npm run import -- FILE\` (node ${importScriptFlags().join(' ')} --import tsx src/cli/import.ts) wall time (1,000,000 forecasts; includes start-up)`,
      p50: fmtMs(run.ms),
      runs: '1',
      goal: '-',
      verdict: '-',
    });
    rows.push({
      measure: 'import rate',
      p50: `${Math.round(rate).toLocaleString('en')} forecasts/s`,
      runs: '1',
      goal: '>= 20,000/s',
      verdict: verdictAbove(rate, 20_000),
    });
    rows.push({
      measure: 'CLI peak RSS (VmHWM, polled every 100 ms)',
      p50: fmtMB(run.hwmKb),
      runs: '1',
      goal: '< 1 GB',
      verdict: verdictBelow(run.hwmKb / 1024, 1024),
    });
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(DB_IMPORT);

    log('baseline: postgres.js multi-row inserts of the same forecasts');
    const baseUrl = await freshMigrated(DB_BASE);
    const baseMs = await baseline(baseUrl, g);
    rows.push({
      measure: `baseline: the same 1,000,000 forecast rows, postgres.js multi-row inserts of ${BASELINE_BATCH} (one transaction, fresh migrated table)`,
      p50: fmtMs(baseMs),
      runs: '1',
      goal: '(reference)',
      verdict: `${Math.round(N_FORECASTS / (baseMs / 1000)).toLocaleString('en')} rows/s`,
    });
    rows.push({
      measure: 'import time / baseline time',
      p50: (run.ms / baseMs).toFixed(2),
      runs: '-',
      goal: '(none; reported)',
      verdict: '-',
    });
  } finally {
    fs.rmSync(file, { force: true });
    if (process.env.BENCH_KEEP_DB !== '1') {
      await dropDatabase(DB_IMPORT);
      await dropDatabase(DB_BASE);
    }
  }
  console.log(`## bench:import\n\n${header.join('\n')}\n- load average (1/5/15 min) at end: ${loadAverage()}\n`);
  console.log(table(rows));
  console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
