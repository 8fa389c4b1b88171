/**
 * Shared by the benchmarks: the machine line, fresh databases on the server,
 * medians, peak RSS from /proc and the one markdown table each bench prints.
 *
 * The server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * each bench creates its own database next to it and drops it at the end.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import postgres from 'postgres';

export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the benchmark server. */
export function databaseUrl(name: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops (if there) and creates database `name`. */
export async function recreateDatabase(name: string): Promise<string> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** nproc, memory, node, PostgreSQL, date and load: printed at the top of each bench. */
export async function machineLines(): Promise<string[]> {
  let nproc = String(os.availableParallelism?.() ?? os.cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    /* os value */
  }
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  let pg = 'unknown';
  try {
    const [row] = await admin<Array<{ server_version: string }>>`show server_version`;
    pg = row?.server_version ?? pg;
  } finally {
    await admin.end();
  }
  let rev = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['--no-optional-locks', 'status', '--porcelain', '--', 'src', 'migrations'], {
      encoding: 'utf8',
    }).trim();
    rev = `${head}${dirty ? ` + uncommitted changes in ${dirty.split('\n').length} file(s) under src/ or migrations/` : ''}`;
  } catch {
    /* not a git checkout */
  }
  return [
    `- date: ${new Date().toISOString()}`,
    `- code: ${rev}`,
    `- machine: ${nproc} cores (nproc), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
    `- node ${process.version}, PostgreSQL ${pg} (${new URL(SERVER_URL).host})`,
    `- load average (1/5/15 min) at start: ${loadAverage()}`,
  ];
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

/** Times an async call in milliseconds. */
export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtMB(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MB`;
}

/** "0.42x goal: met" for an upper bound (measured should be below goal). */
export function verdictBelow(measured: number, goal: number, strict = true): string {
  const ok = strict ? measured < goal : measured <= goal;
  return `${(measured / goal).toFixed(2)}x goal: ${ok ? 'met' : '**MISSED**'}`;
}

/** For a lower bound (measured should be at least goal). */
export function verdictAbove(measured: number, goal: number): string {
  return `${(measured / goal).toFixed(2)}x goal: ${measured >= goal ? 'met' : '**MISSED**'}`;
}

export interface Row {
  measure: string;
  p50: string;
  runs: string;
  goal: string;
  verdict: string;
}

export function table(rows: Row[]): string {
  const lines = ['| measure | p50 | runs | goal | ratio/verdict |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.measure} | ${r.p50} | ${r.runs} | ${r.goal} | ${r.verdict} |`);
  return lines.join('\n');
}

/** VmHWM / VmRSS of a process in kB (undefined once it is gone). */
export function memoryOf(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (!hwm || !rss) return undefined;
    return { hwm: Number(hwm[1]), rss: Number(rss[1]) };
  } catch {
    return undefined;
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function log(msg: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same archive everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
