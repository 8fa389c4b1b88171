/**
 * npm run bench:load — forecast writes under load (issue 11).
 *
 * On the PostgreSQL server (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres) it makes two throwaway
 * databases, migrated alike, each with 64 analysts holding bearer tokens and
 * 4 open binary questions, and starts two servers as child processes:
 *
 * - Reckon: `node --import tsx src/server.ts` (DATABASE_URL, PORT; the
 *   RECKON_WORKERS and RECKON_DB_POOL of this environment pass through);
 * - the thin baseline: `bench/load-baseline.ts` (Hono + the same zod body +
 *   one INSERT with postgres.js).
 *
 * Against each, after a CHECKPOINT, it runs LOAD_ROUNDS rounds (3) of
 * LOAD_SECONDS (10 s) at LOAD_CONNECTIONS (64) with autocannon, each request
 * a different analyst's forecast (tokens and questions rotate), after a 2 s
 * warm-up that is not counted, and counts every answer that is not 201. Then one more round on
 * Reckon with GET /api/leaderboard sent one at a time alongside, for its p99
 * under load. Then (unless LOAD_SKIP_IMPORT=1) POST /api/import of the
 * 1,000,000-forecast archive of bench/archive-gen.ts, for forecasts/s and the
 * peak RSS of the server's processes. Prints one markdown table with ratios
 * to the baseline of the same run; drops both databases.
 *
 * LOAD_CPU_PROF_DIR=dir starts Reckon with --cpu-prof into dir (see
 * bench/profile-summary.ts). LOAD_ONLY_IMPORT=1 runs only the import.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openPostgres } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { N_FORECASTS, generate, writeArchive } from './archive-gen';
import {
  dropDatabase,
  fmtMB,
  freePort,
  loadAverage,
  log,
  machineLines,
  memoryOf,
  percentile,
  recreateDatabase,
  SERVER_URL,
} from './lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 64);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 3);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const SKIP_IMPORT = ['1', 'true'].includes(process.env.LOAD_SKIP_IMPORT ?? '');
const ONLY_IMPORT = ['1', 'true'].includes(process.env.LOAD_ONLY_IMPORT ?? '');
const PROF_DIR = process.env.LOAD_CPU_PROF_DIR;
const ANALYSTS = 64;
const QUESTIONS = 4;
/** LOAD_DB_SUFFIX keeps two checkouts' runs off each other's databases. */
const DB_RECKON = `reckon_bench_load${process.env.LOAD_DB_SUFFIX ?? ''}`;
const DB_BASE = `reckon_bench_load_base${process.env.LOAD_DB_SUFFIX ?? ''}`;

const handles = Array.from({ length: ANALYSTS }, (_, i) => `load-${String(i + 1).padStart(2, '0')}`);
const tokenOf = (handle: string) => `rk_load_${handle}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A fresh migrated database with the admin, the analysts, their tokens and the open questions. */
async function seed(name: string): Promise<string> {
  const url = await recreateDatabase(name);
  const d = await openPostgres(url, { max: 1 });
  try {
    await migrate(d);
  } finally {
    await d.close();
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const now = new Date();
    const users = [
      { handle: 'load-admin', display_name: 'Load admin', role: 'admin', created_at: now },
      ...handles.map((h) => ({ handle: h, display_name: h, role: 'analyst', created_at: now })),
    ];
    const ids = await sql<Array<{ id: number; handle: string }>>`insert into users ${sql(users)} returning id, handle`;
    await sql`insert into api_tokens ${sql(
      ids.map((u) => ({ user_id: u.id, name: 'load', token_hash: sha256(tokenOf(u.handle)), created_at: now })),
    )}`;
    const admin = ids.find((u) => u.handle === 'load-admin')!.id;
    await sql`insert into questions ${sql(
      Array.from({ length: QUESTIONS }, (_, i) => ({
        key: `load-q${i + 1}`,
        title: `Load question ${i + 1}`,
        description: '',
        type: 'binary',
        opens_at: new Date(now.getTime() - 86_400_000),
        closes_at: new Date(now.getTime() + 30 * 86_400_000),
        created_by: admin,
        created_at: now,
        updated_at: now,
      })),
    )}`;
  } finally {
    await sql.end();
  }
  return url;
}

/** The node flags of `npm start` (package.json), so Reckon runs here as it does there. */
const START_NODE_ARGS = ['--max-old-space-size=768'];

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function start(label: string, script: string, dbUrl: string, extraNodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...extraNodeArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', RECKON_LOG_REQUESTS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited at start:\n${out}`);
    try {
      const r = await fetch(`${url}/api/questions/load-q1/forecasts`, { method: 'OPTIONS' });
      await r.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${label} did not start within 60 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  // One forecast by hand first: the load is meaningless if it is not a 201.
  const res = await fetch(`${url}/api/questions/load-q1/forecasts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenOf(handles[0]!)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ probability: 0.5 }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`${label}: a forecast got ${res.status} ${text}`);
  log(`${label} listening on ${url} (pid ${child.pid})`);
  return { child, url, output: () => out };
}

async function stop(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

interface Round {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  not201: number;
}

let counter = 0;
function forecastRequests(): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: '/api/questions/load-q1/forecasts',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const i = counter++;
        const handle = handles[i % ANALYSTS]!;
        const q = Math.floor(i / ANALYSTS) % QUESTIONS;
        const p = ((i * 37) % 99) / 100 + 0.01;
        return {
          ...req,
          path: `/api/questions/load-q${q + 1}/forecasts`,
          headers: { ...req.headers, authorization: `Bearer ${tokenOf(handle)}` },
          body: JSON.stringify({ probability: Number(p.toFixed(2)) }),
        };
      },
    },
  ];
}

async function run(url: string, seconds: number): Promise<Round> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: forecastRequests(),
  });
  const stats = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const ok = stats['201']?.count ?? 0;
  const total = Object.values(stats).reduce((s, v) => s + v.count, 0) + r.errors + r.timeouts;
  if (r.errors || r.timeouts) log(`  ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: ok / r.duration, p50: r.latency.p50, p99: r.latency.p99, total, not201: total - ok };
}

/**
 * A CHECKPOINT before each server's rounds. Without it, a checkpoint owed to
 * earlier work (the seeding, the other server's rounds, an earlier run's
 * import: max_wal_size sets it off by volume) starts inside whichever round
 * reaches the threshold, and its writes and full-page images slow that round
 * only, which says nothing of the server under test. It also restarts the
 * checkpoint_timeout clock, so no timed checkpoint falls in the rounds.
 * Needs a superuser or pg_checkpoint; without, the rounds run as they are.
 */
async function checkpoint(): Promise<void> {
  const sql = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await sql`checkpoint`;
  } catch (e) {
    log(`CHECKPOINT refused (${(e as Error).message}); the rounds may include one`);
  } finally {
    await sql.end();
  }
}

async function rounds(label: string, url: string): Promise<Round[]> {
  await checkpoint();
  await run(url, 2); // warm-up, not counted
  const out: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await run(url, SECONDS);
    log(`${label} round ${i + 1}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.not201} not 201`);
    out.push(r);
  }
  return out;
}

/** GET /api/leaderboard one at a time while a load round runs. */
async function leaderboardUnderLoad(url: string): Promise<{ load: Round; ms: number[]; bad: number }> {
  const ms: number[] = [];
  let bad = 0;
  let going = true;
  const reader = (async () => {
    await new Promise((r) => setTimeout(r, 500));
    while (going) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/leaderboard`, {
        headers: { authorization: `Bearer ${tokenOf(handles[0]!)}` },
      });
      await res.arrayBuffer();
      ms.push(performance.now() - t0);
      if (res.status !== 200) bad++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const load = await run(url, SECONDS);
  going = false;
  await reader;
  return { load, ms, bad };
}

/** Peak RSS (VmHWM) of a process and its children, in kB. */
function treeHwm(pid: number): number {
  let kb = memoryOf(pid)?.hwm ?? 0;
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) kb = Math.max(kb, treeHwm(Number(c)));
  } catch {
    /* gone */
  }
  return kb;
}

async function importRun(server: Server): Promise<{ ms: number; hwmKb: number; status: number; body: string }> {
  const file = path.join(os.tmpdir(), `reckon-load-archive-${process.pid}.json`);
  log('generating the 1,000,000-forecast archive');
  await writeArchive(generate(), file);
  try {
    let hwmKb = 0;
    const poll = setInterval(() => (hwmKb = Math.max(hwmKb, treeHwm(server.child.pid!))), 100);
    log('POST /api/import');
    const t0 = performance.now();
    // node:http, not fetch: fetch gives up waiting for the answer's headers after 300 s.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${server.url}/api/import`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokenOf('load-admin')}`,
            'content-type': 'application/json',
            'content-length': fs.statSync(file).size,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (b: Buffer) => (text += b.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      fs.createReadStream(file).pipe(req);
    });
    const ms = performance.now() - t0;
    clearInterval(poll);
    hwmKb = Math.max(hwmKb, treeHwm(server.child.pid!));
    return { ms, hwmKb, status, body };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const f0 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const verdict = (ok: boolean) => (ok ? 'met' : '**MISSED**');

async function main() {
  const machine = await machineLines();
  log(`seeding ${DB_RECKON} and ${DB_BASE}`);
  const reckonDb = await seed(DB_RECKON);
  const baseDb = await seed(DB_BASE);
  const profArgs = PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROF_DIR)}`] : [];
  const lines: string[] = [];
  let baseline: Server | undefined;
  let reckon: Server | undefined;
  try {
    if (ONLY_IMPORT) {
      // LOAD_ONLY_IMPORT=1: only POST /api/import, for working on the import alone.
      reckon = await start('reckon', 'src/server.ts', reckonDb, [...START_NODE_ARGS, ...profArgs]);
      const imp = await importRun(reckon);
      const rate = N_FORECASTS / (imp.ms / 1000);
      console.log(
        `POST /api/import: HTTP ${imp.status}, ${(imp.ms / 1000).toFixed(1)} s, ${f0(rate)} forecasts/s, ` +
          `peak RSS ${fmtMB(imp.hwmKb)}; load average ${loadAverage()}\n${imp.body.slice(0, 500)}`,
      );
      return;
    }
    baseline = await start('baseline', 'bench/load-baseline.ts', baseDb);
    const base = await rounds('baseline', baseline.url);
    await stop(baseline);
    reckon = await start('reckon', 'src/server.ts', reckonDb, [...START_NODE_ARGS, ...profArgs]);
    const rk = await rounds('reckon', reckon.url);
    const lb = await leaderboardUnderLoad(reckon.url);
    log(`leaderboard under load: ${lb.ms.length} GETs, p99 ${percentile(lb.ms, 0.99).toFixed(1)} ms`);
    const imp = SKIP_IMPORT ? undefined : await importRun(reckon);
    const loadAfter = loadAverage();
    await stop(reckon);

    const mean = (rs: Round[]) => rs.reduce((s, r) => s + r.rps, 0) / rs.length;
    const baseRps = mean(base);
    const rkRps = mean(rk);
    lines.push('## bench:load', '', ...machine, `- load average (1/5/15 min) at the end: ${loadAfter}`);
    lines.push(
      `- ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each (after a 2 s warm-up), ${ANALYSTS} analysts over ${QUESTIONS} questions; RECKON_WORKERS=${process.env.RECKON_WORKERS ?? '(unset)'}, RECKON_DB_POOL=${process.env.RECKON_DB_POOL ?? '(unset)'}`,
      '',
      '| server | round | forecasts/s | p50 | p99 | not 201 | rate / baseline mean |',
      '|---|---|---|---|---|---|---|',
    );
    base.forEach((r, i) =>
      lines.push(
        `| baseline | ${i + 1} | ${f0(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${r.not201} of ${f0(r.total)} | ${(r.rps / baseRps).toFixed(2)} |`,
      ),
    );
    rk.forEach((r, i) =>
      lines.push(
        `| reckon | ${i + 1} | ${f0(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${r.not201} of ${f0(r.total)} | ${(r.rps / baseRps).toFixed(2)} |`,
      ),
    );
    const worstP99 = Math.max(...rk.map((r) => r.p99));
    const steady = rk[rk.length - 1]!.rps / rk[0]!.rps;
    const lbP99 = percentile(lb.ms, 0.99);
    lines.push(
      '',
      '| goal | measured | verdict |',
      '|---|---|---|',
      `| Reckon rate >= 0.5 x baseline | ${f0(rkRps)} / ${f0(baseRps)} = ${(rkRps / baseRps).toFixed(2)} | ${verdict(rkRps / baseRps >= 0.5)} |`,
      `| Reckon p99 < 50 ms (worst round) | ${worstP99} ms | ${verdict(worstP99 < 50)} |`,
      `| last round >= 0.9 x first | ${steady.toFixed(2)} | ${verdict(steady >= 0.9)} |`,
      `| every answer 201 | ${[...base, ...rk, lb.load].reduce((s, r) => s + r.not201, 0)} not 201 | ${verdict([...base, ...rk, lb.load].every((r) => r.not201 === 0))} |`,
      `| leaderboard p99 under load < 100 ms | ${lbP99.toFixed(1)} ms (p50 ${percentile(lb.ms, 0.5).toFixed(1)} ms, ${lb.ms.length} GETs, ${lb.bad} not 200; load ${f0(lb.load.rps)} forecasts/s) | ${verdict(lbP99 < 100 && lb.bad === 0)} |`,
    );
    if (imp) {
      let imported = '';
      try {
        imported = JSON.stringify((JSON.parse(imp.body) as { imported: unknown }).imported);
      } catch {
        imported = imp.body.slice(0, 300);
      }
      const rate = N_FORECASTS / (imp.ms / 1000);
      lines.push(
        `| POST /api/import of ${f0(N_FORECASTS)} forecasts >= 20,000/s | ${f0(rate)} forecasts/s (${(imp.ms / 1000).toFixed(1)} s, HTTP ${imp.status}) | ${verdict(imp.status === 200 && rate >= 20_000)} |`,
        `| server peak RSS (VmHWM, whole run) < 1 GB | ${fmtMB(imp.hwmKb)} | ${verdict(imp.hwmKb < 1024 * 1024)} |`,
        '',
        `- imported: ${imported}`,
      );
    }
    console.log(lines.join('\n'));
  } catch (e) {
    if (reckon) process.stderr.write(reckon.output().slice(-3000));
    throw e;
  } finally {
    if (baseline) await stop(baseline);
    if (reckon) await stop(reckon);
    await dropDatabase(DB_RECKON);
    await dropDatabase(DB_BASE);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
