/**
 * A diagnostic, not a benchmark: where does a from-scratch rescore spend its time?
 *
 *   npx tsx bench/profile-rescore.ts [--build] [--real] [--keep]
 *
 * On database reckon_bench_profile (built with the bench:scores workspace when
 * --build is given or it does not exist), runs the same steps as
 * src/features/scores/scoring.service.ts rescoreAll/rescoreQuestions, calling
 * the same repository functions in the same order, with a timer around each,
 * then prints the time per step. --real runs the real rescoreAll instead (to
 * profile it with `node --cpu-prof --import tsx bench/profile-rescore.ts --real`).
 * Drops the database at the end unless --keep.
 */
import postgres from 'postgres';
import { openPostgres, type Db } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import { computeScores, RollupDeltas, rescoreAll } from '../src/features/scores/scoring.service';
import * as repo from '../src/features/scores/scores.repository';
import { databaseUrl, dropDatabase, fmtMs, loadAverage, log, recreateDatabase } from './lib';
import { buildWorkspace } from './workspace';

const DB_NAME = 'reckon_bench_profile';
const args = new Set(process.argv.slice(2));

async function exists(): Promise<boolean> {
  const sql = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${DB_NAME}`;
    return rows.length > 0;
  } finally {
    await sql.end();
  }
}

const totals = new Map<string, number>();
async function step<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const v = await f();
  totals.set(name, (totals.get(name) ?? 0) + performance.now() - t0);
  return v;
}

/** rescoreAll, step by step (mirrors scoring.service.ts). */
async function instrumented(db: Db) {
  return db.transaction(async (tx) => {
    await step('clearAllScores (truncate)', () => repo.clearAllScores(tx));
    const ids = await step('resolvedQuestionIds', () => repo.resolvedQuestionIds(tx));
    const deltas = new RollupDeltas();
    const CHUNK = 250;
    let n = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const qs = await step('questionsWithStanding', () => repo.questionsWithStanding(tx, chunk));
      const scored = qs.filter(({ standing }) => standing && !standing.annulled);
      const fs = await step('forecastsForScoring (select)', () => repo.forecastsForScoring(tx, scored.map((q) => q.question.id)));
      const analysts: repo.ScoreRow[] = [];
      const crowds: repo.CrowdRow[] = [];
      await step('scoring in JS (computeScores + rows + deltas.add)', () => {
        const byQ = new Map<number, typeof fs>();
        for (const f of fs) {
          const list = byQ.get(f.questionId);
          if (list) list.push(f);
          else byQ.set(f.questionId, [f]);
        }
        for (const { question, standing } of scored) {
          const c = computeScores(
            question,
            standing && { outcome: standing.outcome, annulled: standing.annulled, occurredAt: standing.occurred_at, resolvedAt: standing.resolved_at },
            byQ.get(question.id) ?? [],
          );
          if (!c) continue;
          const end = new Date(c.scores.end);
          const rows = {
            analysts: c.scores.analysts.map((a) => ({
              questionId: question.id,
              userId: Number(a.analyst),
              end,
              outcome: c.outcome,
              finalBrier: a.finalBrier,
              timeWeightedBrier: a.timeWeightedBrier,
              relativeBrier: a.relativeBrier,
              finalLogLoss: a.finalLogLoss,
              finalProbs: a.finalProbs,
              scoredForecasts: a.scoredForecasts,
            })),
            crowd: c.scores.crowd
              ? { questionId: question.id, end, timeWeightedBrier: c.scores.crowd.timeWeightedBrier, finalBrier: c.scores.crowd.finalBrier, finalLogLoss: c.scores.crowd.finalLogLoss }
              : undefined,
          };
          analysts.push(...rows.analysts);
          if (rows.crowd) crowds.push(rows.crowd);
          deltas.add(question.type, question.tags, rows, 1);
        }
      });
      await step('insertScores (question_scores)', () => repo.insertScores(tx, analysts));
      await step('insertCrowdScores', () => repo.insertCrowdScores(tx, crowds));
      n += analysts.length;
    }
    const d = await step('deltas.rows()', () => deltas.rows());
    await step(
      `applyRollupDeltas (${d.analysts.length} analyst, ${d.crowd.length} crowd, ${d.calibration.length} calibration rows)`,
      () => repo.applyRollupDeltas(tx, d),
    );
    return { questions: ids.length, scores: n };
  });
}

async function main() {
  if (args.has('--build') || !(await exists())) {
    log(`building ${DB_NAME}`);
    const url = await recreateDatabase(DB_NAME);
    const database = await openPostgres(url, { max: 2 });
    await migrate(database);
    await database.close();
    await buildWorkspace(url);
  }
  const database = await openPostgres(databaseUrl(DB_NAME), { max: 4 });
  try {
    log(`load ${loadAverage()}`);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = args.has('--real') ? await rescoreAll(database.db) : await instrumented(database.db);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    console.log(`${args.has('--real') ? 'rescoreAll' : 'instrumented rescore'}: ${fmtMs(wall)} wall, node CPU ${fmtMs((cpu.user + cpu.system) / 1000)} (${r.questions} questions, ${r.scores} scores); load ${loadAverage()}`);
    for (const [k, v] of totals) console.log(`  ${k.padEnd(90)} ${fmtMs(v).padStart(9)}  ${((100 * v) / wall).toFixed(1)}%`);
  } finally {
    await database.close();
    if (!args.has('--keep')) await dropDatabase(DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
