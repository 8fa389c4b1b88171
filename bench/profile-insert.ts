/**
 * A diagnostic, not a benchmark: the cost of one multi-row insert through
 * drizzle (what src/features/scores/scores.repository.ts insertScores and
 * applyRollupDeltas do) against the same rows through postgres.js directly.
 *
 *   npx tsx bench/profile-insert.ts
 *
 * Uses a scratch database (reckon_bench_insert), dropped at the end. Prints,
 * per 2,000-row batch: drizzle's query building alone (toSQL), drizzle's full
 * insert, and postgres.js's insert of the same rows; each the median of 10
 * batches, inside a transaction that is rolled back.
 */
import postgres from 'postgres';
import { sql as dsql } from 'drizzle-orm';
import { openPostgres } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { calibrationRollups, questionScores } from '../src/db/schema';
import { dropDatabase, fmtMs, loadAverage, median, recreateDatabase, timed } from './lib';

const DB_NAME = 'reckon_bench_insert';
const BATCH = 2000;
const RUNS = 10;

async function main() {
  const url = await recreateDatabase(DB_NAME);
  const database = await openPostgres(url, { max: 2 });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(database);
    await raw.unsafe(`insert into users (handle, display_name, role, created_at)
      select 'u' || i, 'U', 'analyst', now() from generate_series(1, ${BATCH}) i`);
    await raw.unsafe(`insert into questions (key, title, description, type, tags, opens_at, closes_at, created_by, created_at, updated_at)
      select 'q' || i, 't', 'd', 'binary', '{}', now() - interval '1 day', now(), 1, now(), now() from generate_series(1, ${RUNS * 7}) i`);
    const userIds = (await raw<Array<{ id: number }>>`select id from users order by id`).map((r) => r.id);
    const questionIds = (await raw<Array<{ id: number }>>`select id from questions order by id`).map((r) => r.id);
    const end = new Date('2024-01-01T00:00:00Z');
    const scoreRows = (q: number) =>
      userIds.map((userId, i) => ({
        questionId: q,
        userId,
        end,
        outcome: 1,
        finalBrier: (i % 100) / 50,
        timeWeightedBrier: (i % 77) / 50,
        relativeBrier: (i % 13) / 100 - 0.05,
        finalLogLoss: 0.3 + i / 1e4,
        finalProbs: [1 - (i % 101) / 100, (i % 101) / 100],
        scoredForecasts: 2,
      }));
    const calRows = (q: number) => userIds.map((userId, i) => ({ userId, tag: `t${q}`, p: (i % 101) / 100, n: 1, hits: i % 2 }));

    const out: string[] = [];
    const measure = async (label: string, f: (q: number) => Promise<unknown> | unknown) => {
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const q = questionIds[r + RUNS * out.length]!;
        times.push((await timed(async () => f(q))).ms);
      }
      out.push(`  ${label.padEnd(78)} ${fmtMs(median(times)).padStart(9)}  (${((1000 * median(times)) / BATCH).toFixed(1)} µs/row)`);
    };
    const upsert = (db: typeof database.db, rows: ReturnType<typeof calRows>) =>
      db
        .insert(calibrationRollups)
        .values(rows)
        .onConflictDoUpdate({
          target: [calibrationRollups.tag, calibrationRollups.userId, calibrationRollups.p],
          set: { n: dsql`${calibrationRollups.n} + excluded.n`, hits: dsql`${calibrationRollups.hits} + excluded.hits` },
        });
    await database.db
      .transaction(async (tx) => {
        await measure('question_scores: drizzle toSQL() only (building the query)', (q) => tx.insert(questionScores).values(scoreRows(q)).toSQL());
        await measure('question_scores: drizzle insert (build + execute)', (q) => tx.insert(questionScores).values(scoreRows(q)));
        await measure('calibration_rollups upsert: drizzle toSQL() only', (q) => upsert(tx, calRows(q)).toSQL());
        await measure('calibration_rollups upsert: drizzle (build + execute)', (q) => upsert(tx, calRows(q)));
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
    await raw.begin(async (tx) => {
      await measure('question_scores: postgres.js sql(rows) insert of the same rows', (q) =>
        tx`insert into question_scores ${tx(
          scoreRows(q).map((r) => ({
            question_id: r.questionId,
            user_id: r.userId,
            end_at: r.end,
            outcome: r.outcome,
            final_brier: r.finalBrier,
            time_weighted_brier: r.timeWeightedBrier,
            relative_brier: r.relativeBrier,
            final_log_loss: r.finalLogLoss,
            final_probs: r.finalProbs,
            scored_forecasts: r.scoredForecasts,
          })),
        )}`,
      );
      await measure('question_scores: postgres.js unnest() of column arrays (probs as array literals)', (q) => {
        const rows = scoreRows(q);
        return tx`insert into question_scores (question_id, user_id, end_at, outcome, final_brier, time_weighted_brier, relative_brier, final_log_loss, final_probs, scored_forecasts)
          select q, u, e, o, fb, twb, rb, ll, fp::float8[], sf from unnest(
            ${rows.map((r) => r.questionId)}::int[], ${rows.map((r) => r.userId)}::int[], ${rows.map((r) => r.end.toISOString())}::timestamptz[],
            ${rows.map((r) => r.outcome)}::int[], ${rows.map((r) => r.finalBrier)}::float8[], ${rows.map((r) => r.timeWeightedBrier)}::float8[],
            ${rows.map((r) => r.relativeBrier)}::float8[], ${rows.map((r) => r.finalLogLoss)}::float8[],
            ${rows.map((r) => `{${r.finalProbs.join(',')}}`)}::text[], ${rows.map((r) => r.scoredForecasts)}::int[]
          ) as t(q, u, e, o, fb, twb, rb, ll, fp, sf)`;
      });
      await measure('calibration_rollups upsert: postgres.js unnest() of the same rows', (q) => {
        const rows = calRows(q);
        return tx`insert into calibration_rollups (user_id, tag, p, n, hits)
          select * from unnest(${rows.map((r) => r.userId)}::int[], ${rows.map((r) => r.tag)}::text[], ${rows.map((r) => r.p)}::float8[],
                               ${rows.map((r) => r.n)}::int[], ${rows.map((r) => r.hits)}::int[])
          on conflict (tag, user_id, p) do update set n = calibration_rollups.n + excluded.n, hits = calibration_rollups.hits + excluded.hits`;
      });
      throw new Error('rollback');
    }).catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
    console.log(`per ${BATCH}-row batch, median of ${RUNS} (load ${loadAverage()}):\n${out.join('\n')}`);
  } finally {
    await raw.end();
    await database.close();
    await dropDatabase(DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
