/**
 * npm run bench:inbox — GET /api/inbox at scale (issue 10, "Inbox").
 *
 * Builds a workspace in SQL on the PostgreSQL server: 500 analysts, a lead,
 * an admin; 10,000 binary questions of which 2,000 are open now, 7,500
 * resolved and 500 closed awaiting resolution; 20 forecasters per question
 * (200,000 forecasts) with their crowd snapshots; 300 open suggestions. The
 * measured analyst has forecast on 1,000 of the 2,000 open questions (half of
 * them long ago), so every analyst kind is large. Measures the inbox service
 * (every query, the mapping and JSON.stringify) for that analyst and for the
 * lead, warm, against a baseline measured in the same run: `select 1` and a
 * count of the open questions. Deterministic (setseed); the database is dropped.
 *
 * Knobs (environment): BENCH_DATABASE_URL, BENCH_KEEP_DB=1.
 */
import postgres from 'postgres';
import { systemClock } from '../src/clock';
import { openPostgres, queryRows } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { findUserByHandle } from '../src/features/accounts/accounts.repository';
import { toActor } from '../src/features/accounts/accounts.service';
import { inbox } from '../src/features/inbox/inbox.service';
import { sql } from 'drizzle-orm';
import {
  dropDatabase,
  fmtMs,
  log,
  machineLines,
  median,
  percentile,
  recreateDatabase,
  table,
  timed,
  verdictBelow,
  type Row,
} from './lib';

const DB_NAME = 'reckon_bench_inbox';
const WARMUP = 5;
const RUNS = 50;
const ANALYST = 'analyst-001';

async function build(url: string): Promise<Record<string, number>> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db.unsafe(`set max_parallel_workers_per_gather = 0`);
    await db.unsafe(`set synchronous_commit = off`);
    await db.unsafe(`select setseed(0.1010)`);
    const created = `now() - interval '3 years'`;
    await db.unsafe(`
      insert into users (handle, display_name, role, password_hash, active, created_at)
      select 'bench-admin', 'Bench Admin', 'admin', null, true, ${created}
      union all select 'bench-lead', 'Bench Lead', 'lead', null, true, ${created}
      union all select 'analyst-' || lpad(i::text, 3, '0'), 'Analyst ' || i, 'analyst', null, true, ${created}
        from generate_series(1, 500) i`);
    // i <= 2000: open (closing over the next 60 days); 2001-2500: closed, unresolved; the rest resolved.
    await db.unsafe(`
      insert into questions (key, title, description, type, options, tags, opens_at, closes_at, hide_forecasts, created_by, created_at, updated_at)
      select 'bench-q-' || lpad(i::text, 5, '0'), 'Benchmark question ' || i, '', 'binary', null, array['tag-01'],
        o, c, false, (select id from users where handle = 'bench-lead'), o, o
      from (select i,
              case when i <= 2000 then now() - (30 + random() * 60) * interval '1 day'
                   else now() - (400 + random() * 300) * interval '1 day' end as o,
              case when i <= 2000 then now() + (random() * 60) * interval '1 day'
                   else now() - (1 + random() * 300) * interval '1 day' end as c
            from generate_series(1, 10000) i) g
      order by i`);
    await db.unsafe(`
      create temp table analyst_idx as
      select id as user_id, (row_number() over (order by handle) - 1)::int as idx from users where role = 'analyst'`);
    // 20 forecasters per question; analyst-001 (idx 0) on every other open question.
    await db.unsafe(`
      insert into forecasts (question_id, user_id, created_at, probs, rationale)
      select q.id, ai.user_id,
        q.opens_at + random() * least(now() - q.opens_at, q.closes_at - q.opens_at) * 0.99,
        array[1 - p, p], null
      from questions q
      cross join generate_series(0, 19) j
      join analyst_idx ai on ai.idx = case when j = 0 and q.id % 2 = 0 and q.id <= 2000 then 0
                                           else 1 + (q.id * 7 + j * 24) % 499 end
      cross join lateral (select (floor(random() * 99) + 1 + j * 0)::float8 / 100 as p) r`);
    await db.unsafe(`
      insert into resolutions (question_id, outcome, annulled, occurred_at, resolved_at, resolved_by)
      select q.id, (random() < 0.5)::int, false, null, q.closes_at + interval '1 day', (select id from users where handle = 'bench-lead')
      from questions q where q.key > 'bench-q-02500'`);
    // Crowd snapshots as the server writes them for open questions (values random: the cost is the same).
    await db.unsafe(`
      insert into forecast_crowd (forecast_id, probs)
      select f.id, array[1 - p, p] from forecasts f join questions q on q.id = f.question_id
      cross join lateral (select (floor(random() * 99) + 1 + f.id * 0)::float8 / 100 as p) r
      where q.key <= 'bench-q-02000'`);
    await db.unsafe(`
      insert into question_crowd (question_id, probs, at)
      select q.id, array[1 - p, p], now() from questions q
      cross join lateral (select (floor(random() * 99) + 1 + q.id * 0)::float8 / 100 as p) r
      where q.key <= 'bench-q-02000'`);
    await db.unsafe(`
      insert into suggestions (question_id, outcome, annulled, by, at, status)
      select f.question_id, 1, false, f.user_id, now() - interval '1 hour', 'open'
      from (select distinct on (question_id) question_id, user_id from forecasts order by question_id, id) f
      where f.question_id % 33 = 0 limit 300`);
    await db.unsafe(`analyze`);
    const [counts] = await db<Array<Record<string, string>>>`
      select (select count(*) from users) users, (select count(*) from questions) questions,
             (select count(*) from forecasts) forecasts, (select count(*) from resolutions) resolutions,
             (select count(*) from suggestions) suggestions`;
    return Object.fromEntries(Object.entries(counts ?? {}).map(([k, v]) => [k, Number(v)]));
  } finally {
    await db.end();
  }
}

async function measure(f: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push((await timed(f)).ms);
  return ms;
}

async function main() {
  const header = await machineLines();
  log('building the workspace');
  const url = await recreateDatabase(DB_NAME);
  const database = await openPostgres(url, { max: 5 });
  try {
    await migrate(database);
    const { ms: buildMs, value: counts } = await timed(() => build(url));
    log(`built in ${fmtMs(buildMs)}: ${JSON.stringify(counts)}`);
    const deps = { db: database.db, clock: systemClock };
    const analyst = toActor((await findUserByHandle(database.db, ANALYST))!);
    const lead = toActor((await findUserByHandle(database.db, 'bench-lead'))!);
    const shape = await inbox(deps, analyst);
    const leadShape = await inbox(deps, lead);
    log(`analyst inbox: ${JSON.stringify(shape.counts)}; lead inbox: ${JSON.stringify(leadShape.counts)}`);

    const select1 = await measure(() => queryRows(database.db, sql`select 1`));
    const countOpen = await measure(() =>
      queryRows(
        database.db,
        sql`select count(*) from questions q where q.opens_at <= now() and q.closes_at > now()
            and not exists (select 1 from resolutions r where r.question_id = q.id)`,
      ),
    );
    const analystMs = await measure(async () => JSON.stringify(await inbox(deps, analyst)));
    const leadMs = await measure(async () => JSON.stringify(await inbox(deps, lead)));
    const base = median(countOpen);
    const rows: Row[] = [
      { measure: 'baseline: `select 1`', p50: fmtMs(median(select1)), runs: String(RUNS), goal: '', verdict: '' },
      {
        measure: 'baseline: count the open questions (SQL)',
        p50: fmtMs(base),
        runs: String(RUNS),
        goal: '',
        verdict: '1.00x baseline',
      },
      {
        measure: `inbox, analyst (${shape.items.length} items; p95 ${fmtMs(percentile(analystMs, 0.95))})`,
        p50: fmtMs(median(analystMs)),
        runs: String(RUNS),
        goal: '< 50 ms',
        verdict: `${(median(analystMs) / base).toFixed(1)}x baseline; ${verdictBelow(median(analystMs), 50)}`,
      },
      {
        measure: `inbox, lead (${leadShape.items.length} items; p95 ${fmtMs(percentile(leadMs, 0.95))})`,
        p50: fmtMs(median(leadMs)),
        runs: String(RUNS),
        goal: '',
        verdict: `${(median(leadMs) / base).toFixed(1)}x baseline`,
      },
    ];
    console.log(
      ['## bench:inbox', '', ...header, `- workspace: ${JSON.stringify(counts)}`, '', table(rows)].join('\n'),
    );
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP_DB) await dropDatabase(DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
