/**
 * npm run bench:scores — the scoring engine at scale (issue 3, "Speed").
 *
 * Builds a synthetic workspace on the PostgreSQL server in SQL (500 analysts,
 * a lead, an admin; 10,000 questions; 1,000,000 forecasts; ~90% resolved),
 * then measures: a from-scratch rescore (in process), resolving a question
 * with 1,000 forecasts over HTTP, the leaderboard, calibration (with its recalibration), the
 * aggregates' backtest and question-list routes warm,
 * a hand-written SQL baseline, and the server's peak RSS. Prints one markdown
 * table. Everything is deterministic (setseed); the database is dropped at the end.
 *
 * Knobs (environment): BENCH_DATABASE_URL, BENCH_KEEP_DB=1 (keep the database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openPostgres } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { systemClock } from '../src/clock';
import { findUserByHandle } from '../src/features/accounts/accounts.repository';
import { toActor } from '../src/features/accounts/accounts.service';
import * as questionsRepo from '../src/features/questions/questions.repository';
import { listQuestions } from '../src/features/questions/questions.service';
import { rescoreAll } from '../src/features/scores/rescoring.service';
import {
  dropDatabase,
  fmtMB,
  fmtMs,
  freePort,
  loadAverage,
  log,
  machineLines,
  median,
  memoryOf,
  percentile,
  recreateDatabase,
  table,
  timed,
  verdictBelow,
  type Row,
} from './lib';
import { ADMIN, TARGET, buildWorkspace } from './workspace';

const DB_NAME = 'reckon_bench_scores';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_PASSWORD = 'bench-password-not-secret';
const RESCORE_RUNS = 3;
const RESOLVE_WARMUP = 2;
const RESOLVE_RUNS = 20;
const READ_WARMUP = 5;
const READ_RUNS = 50;
const BASELINE_RUNS = 5;

/**
 * The baseline: each analyst's mean final Brier straight from the raw forecasts
 * (last forecast per (question, analyst) before end = min(closesAt, occurredAt ?? resolvedAt)
 * of the standing resolution; Brier = sum_k (f_k - o_k)^2; annulled excluded).
 */
const BASELINE_SQL = `
  with standing as (
    select distinct on (question_id) question_id, outcome, annulled, occurred_at, resolved_at
    from resolutions order by question_id, id desc
  ), scored as (
    select q.id, s.outcome, least(q.closes_at, coalesce(s.occurred_at, s.resolved_at)) as end_at
    from questions q join standing s on s.question_id = q.id
    where not s.annulled
  ), final as (
    select distinct on (f.question_id, f.user_id) f.user_id, f.probs, sc.outcome
    from forecasts f join scored sc on sc.id = f.question_id
    where f.created_at < sc.end_at
    order by f.question_id, f.user_id, f.created_at desc, f.id desc
  )
  select user_id, count(*)::int as questions,
    avg((select sum((u.p - case when u.k - 1 = final.outcome then 1 else 0 end) ^ 2) from unnest(final.probs) with ordinality u(p, k))) as mean_brier
  from final group by user_id`;

interface Server {
  child: ChildProcess;
  base: string;
  output: string[];
}

async function startServer(url: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      PORT: String(port),
      RECKON_ADMIN_HANDLE: ADMIN,
      RECKON_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RECKON_LOG_REQUESTS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output.join('')}`)), 60_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      const m = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, base, output };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

async function getToken(base: string): Promise<string> {
  const signin = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle: ADMIN, password: ADMIN_PASSWORD }),
  });
  if (signin.status !== 200) throw new Error(`POST /api/session: ${signin.status} ${await signin.text()}`);
  const cookie = (signin.headers.getSetCookie?.() ?? [signin.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: base },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (res.status !== 201) throw new Error(`POST /api/tokens: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  return body.token;
}

async function call(
  base: string,
  token: string,
  method: string,
  route: string,
  body?: unknown,
  expect = 200,
): Promise<unknown> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

async function timeRoute(base: string, token: string, route: string): Promise<number[]> {
  for (let i = 0; i < READ_WARMUP; i++) await call(base, token, 'GET', route);
  const times: number[] = [];
  for (let i = 0; i < READ_RUNS; i++) times.push((await timed(() => call(base, token, 'GET', route))).ms);
  return times;
}

async function main() {
  const header = await machineLines();
  log(`creating ${DB_NAME}`);
  const url = await recreateDatabase(DB_NAME);
  let server: Server | undefined;
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const database = await openPostgres(url, { max: 4 });
    try {
      await migrate(database);
      log('building the workspace in SQL (about a minute)');
      const build = await timed(() => buildWorkspace(url));
      notes.push(
        `workspace: ${build.value.users} users, ${build.value.questions} questions (${build.value.resolutions} resolved), ` +
          `${build.value.forecasts} forecasts (${build.value.target_forecasts} on the resolved-over-HTTP question); built in ${fmtMs(build.ms)}`,
      );

      // ---- 1. From-scratch rescore, in process ----
      const rescores: number[] = [];
      let scoreRows = 0;
      for (let i = 0; i < RESCORE_RUNS; i++) {
        log(`rescoreAll run ${i + 1}/${RESCORE_RUNS}`);
        const r = await timed(() => rescoreAll(database.db));
        rescores.push(r.ms);
        scoreRows = r.value.scores;
        log(`  ${fmtMs(r.ms)} (${r.value.questions} questions, ${r.value.scores} analyst scores)`);
      }
      const p50 = median(rescores);
      rows.push({
        measure: `from-scratch rescore, every question (\`rescoreAll\`, in process; ${scoreRows.toLocaleString('en')} score rows)`,
        p50: fmtMs(p50),
        runs: String(RESCORE_RUNS),
        goal: '< 30 s',
        verdict: verdictBelow(p50, 30_000),
      });
      notes.push(`rescoreAll runs: ${rescores.map(fmtMs).join(', ')}`);

      // ---- 1b. The question list's figures for the caller, against the same list without them ----
      // In process: the service as the routes call it (rows, resolutions, counts, and for the
      // caller the crowd now on unresolved questions and their own latest forecast), and the
      // same page built from the first three alone, as the list was before it carried figures.
      const analyst = await findUserByHandle(database.db, 'analyst-123');
      if (!analyst) throw new Error('analyst-123 is missing from the workspace');
      const deps = { db: database.db, clock: systemClock };
      for (const status of ['closed', 'resolved'] as const) {
        const withFigures = () => listQuestions(deps, toActor(analyst), { status, limit: 50 });
        const without = async () => {
          const page = await questionsRepo.listQuestions(database.db, { status, limit: 51, now: new Date() });
          const ids = page.slice(0, 50).map((q) => q.id);
          await Promise.all([
            questionsRepo.resolutionsOf(database.db, ids),
            questionsRepo.forecastCounts(database.db, ids),
          ]);
        };
        for (let i = 0; i < READ_WARMUP; i++) await Promise.all([withFigures(), without()]);
        const a: number[] = [];
        const b: number[] = [];
        // Interleaved, so a change in the machine's load falls on both.
        for (let i = 0; i < READ_RUNS; i++) {
          a.push((await timed(withFigures)).ms);
          b.push((await timed(without)).ms);
        }
        const ratio = median(a) / median(b);
        rows.push({
          measure: `question list, status=${status}, 50 a page, as analyst-123 (in process): with the caller's figures / without (${fmtMs(median(a))} / ${fmtMs(median(b))})`,
          p50: ratio.toFixed(2),
          runs: String(READ_RUNS),
          goal: '(cost of the figures)',
          verdict: '-',
        });
      }
    } finally {
      await database.close();
    }
    const [rollupCounts] = await (async () => {
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        return await sql<Array<Record<string, string>>>`
          select (select count(*) from question_scores) question_scores, (select count(*) from analyst_rollups) analyst_rollups,
                 (select count(*) from calibration_rollups) calibration_rollups`;
      } finally {
        await sql.end();
      }
    })();
    notes.push(
      `stored: ${rollupCounts?.question_scores} question_scores, ${rollupCounts?.analyst_rollups} analyst_rollups, ${rollupCounts?.calibration_rollups} calibration_rollups rows`,
    );

    // ---- 2. The server, over HTTP ----
    log('starting the server');
    server = await startServer(url);
    const { base } = server;
    const token = await getToken(base);
    const pid = server.child.pid!;
    notes.push(
      `server: \`node --import tsx src/server.ts\` (pid ${pid}) at ${base}; RSS after start ${fmtMB(memoryOf(pid)?.rss ?? 0)}`,
    );

    log(`resolving ${TARGET} ${RESOLVE_WARMUP} + ${RESOLVE_RUNS} times`);
    const resolveTimes: number[] = [];
    for (let i = 0; i < RESOLVE_WARMUP + RESOLVE_RUNS; i++) {
      const outcome = i % 2 === 0 ? 'yes' : 'no';
      const r = await timed(() => call(base, token, 'POST', `/api/questions/${TARGET}/resolution`, { outcome }, 201));
      if (i >= RESOLVE_WARMUP) resolveTimes.push(r.ms);
    }
    const scores = (await call(base, token, 'GET', `/api/questions/${TARGET}/scores`)) as { analysts: unknown[] };
    if (scores.analysts.length !== 50)
      throw new Error(`expected 50 scored analysts on ${TARGET}, got ${scores.analysts.length}`);
    const resolveP50 = median(resolveTimes);
    rows.push({
      measure: 'POST /api/questions/{key}/resolution, 1,000 forecasts from 50 analysts (re-resolving yes/no)',
      p50: fmtMs(resolveP50),
      runs: String(RESOLVE_RUNS),
      goal: '< 100 ms',
      verdict: verdictBelow(resolveP50, 100),
    });
    notes.push(
      `resolution: p90 ${fmtMs(percentile(resolveTimes, 0.9))}, min ${fmtMs(Math.min(...resolveTimes))}, max ${fmtMs(Math.max(...resolveTimes))}`,
    );

    const reads: Array<[string, string]> = [
      ['GET /api/leaderboard', '/api/leaderboard'],
      ['GET /api/leaderboard?tag=tag-07', '/api/leaderboard?tag=tag-07'],
      ['GET /api/calibration?user=analyst-123', '/api/calibration?user=analyst-123'],
      ['GET /api/calibration (pooled)', '/api/calibration'],
      // The team aggregates' backtest: rollups per tag, and the score-row path a window takes.
      ['GET /api/aggregates', '/api/aggregates'],
      ['GET /api/aggregates?tag=tag-07', '/api/aggregates?tag=tag-07'],
      ['GET /api/aggregates?from=2000-01-01 (stored rows)', '/api/aggregates?from=2000-01-01'],
      // The question list carries the crowd now (from every analyst's standing forecast) on
      // unresolved questions, and the caller's own forecast on every question.
      [
        'GET /api/questions?status=closed (50 unresolved, each with its crowd)',
        '/api/questions?status=closed&limit=50',
      ],
      ['GET /api/questions?status=resolved (50, the caller’s figures only)', '/api/questions?status=resolved&limit=50'],
    ];
    let leaderboardP50 = Number.NaN;
    let leaderboard: { analysts: Array<{ handle: string; questions: number }> } | undefined;
    for (const [label, route] of reads) {
      log(`timing ${label}`);
      const times = await timeRoute(base, token, route);
      const p = median(times);
      if (route === '/api/leaderboard') {
        leaderboardP50 = p;
        leaderboard = (await call(base, token, 'GET', route)) as typeof leaderboard;
      }
      rows.push({
        measure: `${label} (warm)`,
        p50: fmtMs(p),
        runs: String(READ_RUNS),
        goal: '< 50 ms',
        verdict: verdictBelow(p, 50),
      });
      notes.push(
        `${label}: p90 ${fmtMs(percentile(times, 0.9))}, min ${fmtMs(Math.min(...times))}, max ${fmtMs(Math.max(...times))}`,
      );
    }

    // ---- 3. The baseline: recomputing from the raw forecasts in SQL ----
    log('timing the baseline SQL');
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const baselineTimes: number[] = [];
    let baselineRows: Array<{ user_id: number; questions: number; mean_brier: number }> = [];
    try {
      baselineRows = await sql.unsafe(BASELINE_SQL); // warm-up
      for (let i = 0; i < BASELINE_RUNS; i++) baselineTimes.push((await timed(() => sql.unsafe(BASELINE_SQL))).ms);
      // Cross-check: the baseline's question count per analyst must match the leaderboard's.
      const handles = new Map(
        (await sql<Array<{ id: number; handle: string }>>`select id, handle from users`).map((u) => [u.id, u.handle]),
      );
      const lb = new Map((leaderboard?.analysts ?? []).map((a) => [a.handle, a.questions]));
      const agree = baselineRows.filter((r) => lb.get(handles.get(r.user_id) ?? '') === r.questions).length;
      notes.push(
        `cross-check: questions per analyst agree between the baseline and /api/leaderboard for ${agree} of ${baselineRows.length} analysts (${lb.size} on the leaderboard)`,
      );
    } finally {
      await sql.end();
    }
    const baselineP50 = median(baselineTimes);
    rows.push({
      measure: "baseline: one SQL query, each analyst's mean final Brier from the raw forecasts (postgres.js)",
      p50: fmtMs(baselineP50),
      runs: String(BASELINE_RUNS),
      goal: '(reference)',
      verdict: '-',
    });
    const ratio = leaderboardP50 / baselineP50;
    rows.push({
      measure: 'leaderboard p50 / baseline p50',
      p50: ratio.toFixed(3),
      runs: '-',
      goal: '<= 0.25',
      verdict: `${ratio <= 0.25 ? 'met' : '**MISSED**'}`,
    });
    notes.push(`baseline runs: ${baselineTimes.map(fmtMs).join(', ')}`);

    // ---- 4. Peak RSS of the server process ----
    const mem = memoryOf(pid);
    if (!mem) throw new Error('cannot read /proc/<pid>/status of the server');
    rows.push({
      measure: 'server peak RSS (VmHWM of the node process, after all of the above)',
      p50: fmtMB(mem.hwm),
      runs: '1',
      goal: '< 512 MB',
      verdict: verdictBelow(mem.hwm / 1024, 512),
    });
  } finally {
    if (server) await stopServer(server);
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(DB_NAME);
  }
  console.log(`## bench:scores\n\n${header.join('\n')}\n- load average (1/5/15 min) at end: ${loadAverage()}\n`);
  console.log(table(rows));
  console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
