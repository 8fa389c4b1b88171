/**
 * The synthetic workspace of bench:scores, built in SQL on the PostgreSQL
 * server: 500 analysts, a lead and an admin; 10,000 questions (80% binary,
 * 10% categorical with 4 options, 10% ordinal with 5; 1-2 of 20 tags);
 * 1,000,000 forecasts (50 analysts per question, 2 forecasts each); ~90%
 * resolved; plus one unresolved question with 1,000 forecasts from 50
 * analysts for the resolution benchmark. Deterministic (setseed, one connection,
 * no parallel plans).
 */
import postgres from 'postgres';

export const ADMIN = 'bench-admin';
export const TARGET = 'bench-resolve-target';
export const N_ANALYSTS = 500;
export const N_QUESTIONS = 10_000;
export const PER_QUESTION = 50; // analysts per question, 2 forecasts each

/** Builds the workspace in SQL on one connection (setseed makes random() deterministic). */
export async function buildWorkspace(url: string): Promise<Record<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`set max_parallel_workers_per_gather = 0`); // one evaluation order: deterministic
    await sql.unsafe(`set synchronous_commit = off`);
    await sql.unsafe(`select setseed(0.4242)`);
    const created = `'2021-12-01T00:00:00Z'::timestamptz`;
    await sql.unsafe(`
      insert into users (handle, display_name, role, password_hash, active, created_at)
      select '${ADMIN}', 'Bench Admin', 'admin', null, true, ${created}
      union all select 'bench-lead', 'Bench Lead', 'lead', null, true, ${created}
      union all select 'analyst-' || lpad(i::text, 3, '0'), 'Analyst ' || i, 'analyst', null, true, ${created}
        from generate_series(1, ${N_ANALYSTS}) i`);
    await sql.unsafe(`
      create temp table analyst_idx as
      select id as user_id, (row_number() over (order by handle) - 1)::int as idx from users where role = 'analyst'`);

    // Raw draws first (materialized), then the derived columns from them.
    await sql.unsafe(`
      create temp table qraw as
      select i, random() r_open, random() r_len, random() r_res, random() r_occ, random() r_occ_at,
             random() r_lag, random() r_tag1, random() r_tag2, random() r_tag2b, random() r_start, random() r_outcome
      from generate_series(1, ${N_QUESTIONS}) i`);
    await sql.unsafe(`
      create temp table qg as
      with a as (
        select i,
          case when i % 10 < 8 then 'binary' when i % 10 = 8 then 'categorical' else 'ordinal' end as type,
          '2022-01-01T00:00:00Z'::timestamptz + floor(r_open * 1000 * 86400000)::bigint * interval '1 millisecond' as opens,
          ((10 + floor(r_len * 80)) * 86400000 + floor(r_lag * 86400000))::bigint as len_ms,
          r_res < 0.9 as resolved,
          r_occ < 0.8 as has_occurred,
          r_occ_at, r_lag, r_start,
          1 + floor(r_tag1 * 20)::int as tag1,
          case when r_tag2 < 0.5 then 1 + ((floor(r_tag1 * 20)::int + 1 + floor(r_tag2b * 19)::int) % 20) end as tag2,
          r_outcome
        from qraw
      ), b as (
        select a.*, opens + len_ms * interval '1 millisecond' as closes,
          case when resolved and has_occurred
               then opens + floor((0.5 + 0.5 * r_occ_at) * len_ms)::bigint * interval '1 millisecond' end as occurred
        from a
      ), c as (
        select b.*,
          case when not resolved then null
               when occurred is not null then occurred + floor(r_lag * 2 * 86400000)::bigint * interval '1 millisecond'
               else opens + floor((0.6 + 0.6 * r_occ_at) * len_ms)::bigint * interval '1 millisecond' end as resolved_at
        from b
      )
      select c.*,
        case when resolved then least(closes, resolved_at) else closes end as limit_at,
        case when type = 'binary' then 2 when type = 'categorical' then 4 else 5 end as k,
        floor(r_start * ${N_ANALYSTS})::int as start_idx
      from c`);
    await sql.unsafe(`
      insert into questions (key, title, description, type, options, tags, opens_at, closes_at, hide_forecasts, created_by, created_at, updated_at)
      select 'bench-q-' || lpad(i::text, 5, '0'), 'Benchmark question ' || i, 'A synthetic question for the benchmark.', type,
        case type when 'categorical' then '["A","B","C","D"]'::jsonb when 'ordinal' then '["<10","10-20","20-30","30-40",">=40"]'::jsonb end,
        case when tag2 is null then array['tag-' || lpad(tag1::text, 2, '0')]
             else array['tag-' || lpad(tag1::text, 2, '0'), 'tag-' || lpad(tag2::text, 2, '0')] end,
        opens, closes, false, (select id from users where handle = 'bench-lead'), opens, opens
      from qg order by i`);
    await sql.unsafe(`alter table qg add column question_id int`);
    await sql.unsafe(
      `update qg set question_id = q.id from questions q where q.key = 'bench-q-' || lpad(qg.i::text, 5, '0')`,
    );

    // A probability vector of K integer percentages / 100 (sums to 1 within 1e-6).
    await sql.unsafe(`
      create or replace function pg_temp.bench_probs(k int) returns float8[] language plpgsql volatile as $$
      declare cuts int[]; v float8[] := '{}'; prev int := 0; c int;
      begin
        select array_agg(x order by x) into cuts from (select floor(random() * 101)::int as x from generate_series(1, k - 1)) s;
        foreach c in array cuts loop v := v || ((c - prev)::numeric / 100)::float8; prev := c; end loop;
        return v || ((100 - prev)::numeric / 100)::float8;
      end $$`);
    // 50 distinct analysts per question ((start + 10 j) mod 500), two forecasts each,
    // in [opensAt, min(closesAt, resolvedAt)); stored in time order like a real ledger.
    await sql.unsafe(`
      create temp table fg as
      select q.question_id, ai.user_id,
        q.opens + floor(random() * extract(epoch from (q.limit_at - q.opens)) * 1000)::bigint * interval '1 millisecond' as created_at,
        case when q.k = 2 then (select array[((100 - p)::numeric / 100)::float8, (p::numeric / 100)::float8] from (select floor(random() * 101)::int as p where q.k = 2) s)
             else pg_temp.bench_probs(q.k) end as probs,
        case when random() < 0.1 then 'Base rate, adjusted for the latest reporting.' end as rationale
      from qg q
      cross join generate_series(0, ${PER_QUESTION - 1}) j
      cross join generate_series(1, 2) n
      join analyst_idx ai on ai.idx = (q.start_idx + j * ${N_ANALYSTS / PER_QUESTION}) % ${N_ANALYSTS}
      order by q.i, j, n`);
    await sql.unsafe(`
      insert into forecasts (question_id, user_id, created_at, probs, rationale)
      select question_id, user_id, created_at, probs, rationale from fg order by created_at, question_id, user_id`);
    await sql.unsafe(`
      insert into resolutions (question_id, outcome, annulled, occurred_at, resolved_at, resolved_by, source_url, note)
      select question_id, floor(r_outcome * k)::int, false, occurred, resolved_at, (select id from users where handle = 'bench-lead'), null, null
      from qg where resolved order by resolved_at, question_id`);

    // The question resolved over HTTP: 1,000 forecasts from 50 analysts, unresolved, closed.
    await sql.unsafe(`
      insert into questions (key, title, description, type, options, tags, opens_at, closes_at, hide_forecasts, created_by, created_at, updated_at)
      values ('${TARGET}', 'The question the benchmark resolves', 'Resolved and re-resolved over HTTP.', 'binary', null,
        array['tag-01'], '2024-06-01T00:00:00Z', '2024-07-01T00:00:00Z', false,
        (select id from users where handle = 'bench-lead'), '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z')`);
    await sql.unsafe(`
      insert into forecasts (question_id, user_id, created_at, probs, rationale)
      select q.id, ai.user_id, t.created_at, array[((100 - t.p)::numeric / 100)::float8, (t.p::numeric / 100)::float8], null
      from questions q
      cross join generate_series(0, 49) j
      join analyst_idx ai on ai.idx = j * 10
      cross join generate_series(1, 20) n
      cross join lateral (select '2024-06-01T00:00:00Z'::timestamptz + floor(random() * 30 * 86400000)::bigint * interval '1 millisecond' + (j * 0) * interval '1 ms' as created_at,
                                 floor(random() * 101)::int + (n * 0) as p) t
      where q.key = '${TARGET}'
      order by t.created_at`);
    await sql.unsafe(`analyze`);
    const [counts] = await sql<Array<Record<string, string>>>`
      select (select count(*) from users) users, (select count(*) from questions) questions,
             (select count(*) from forecasts) forecasts, (select count(*) from resolutions) resolutions,
             (select count(*) from forecasts f join questions q on q.id = f.question_id where q.key = ${TARGET}) target_forecasts`;
    return Object.fromEntries(Object.entries(counts ?? {}).map(([k, v]) => [k, Number(v)]));
  } finally {
    await sql.end();
  }
}
