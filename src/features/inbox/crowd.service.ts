/**
 * Crowd snapshots for the inbox's "the crowd has moved since your forecast"
 * test: the crowd standing just after each forecast and the crowd standing
 * now, per question, written with every forecast (and rebuilt for imported
 * ones), so the inbox compares stored vectors instead of recomputing medians
 * over every open question on each request.
 */
import type { Db } from '../../db/client';
import type { QuestionType } from '../../domain/questions';
import { crowdNow, crowdSeries } from '../../domain/scoring';
import { standingForecasts } from '../forecasts/forecasts.repository';
import * as repo from './crowd.repository';

/**
 * After a forecast has committed: the crowd standing now becomes its snapshot
 * and the question's. It runs in a transaction of its own, after the
 * forecast's (whose write path is kept to two round trips), holding a
 * per-question advisory lock and reading the standing forecasts under it, so
 * writers take turns and the question's snapshot only ever moves forward.
 * Should the process die between the two, the forecast stands without a
 * snapshot (it just cannot look "moved" in the inbox) until
 * `repairCrowdSnapshots` runs at the next start.
 */
export async function recordCrowdAfterForecast(
  db: Db,
  q: { id: number; type: QuestionType },
  forecast: { id: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.lockQuestionCrowd(tx, q.id);
    const standing = await standingForecasts(tx, [q.id]);
    const crowd = crowdNow(
      q.type,
      standing.map((r) => ({ id: r.f.id, analyst: r.handle, createdAt: r.f.createdAt.getTime(), probs: r.f.probs })),
    );
    const last = standing.reduce((t, r) => Math.max(t, r.f.createdAt.getTime()), 0);
    if (crowd) await repo.writeCrowdAfter(tx, { forecastId: forecast.id, questionId: q.id, at: new Date(last) }, crowd);
  });
}

/** At start-up: rebuilds the snapshots of open questions holding a forecast without one (after a crash). */
export async function repairCrowdSnapshots(db: Db, now: Date): Promise<number> {
  const ids = await repo.openQuestionsMissingSnapshots(db, now);
  if (ids.length > 0) await db.transaction((tx) => rebuildCrowdSnapshots(tx, ids));
  return ids.length;
}

const BATCH = 200;

/** Rebuilds the snapshots of the unresolved questions among `ids` from their whole history (after an import). */
export async function rebuildCrowdSnapshots(tx: Db, ids: number[]): Promise<void> {
  const live = await repo.unresolvedQuestions(tx, ids);
  for (let i = 0; i < live.length; i += BATCH) {
    const batch = live.slice(i, i + BATCH);
    const typeOf = new Map(batch.map((q) => [q.id, q.type]));
    const rows = await repo.forecastsOf(
      tx,
      batch.map((q) => q.id),
    );
    const perForecast: Array<{ forecastId: number; probs: number[] }> = [];
    const perQuestion: Array<{ questionId: number; probs: number[]; at: Date }> = [];
    let start = 0;
    while (start < rows.length) {
      const qid = rows[start]!.questionId;
      let end = start;
      while (end < rows.length && rows[end]!.questionId === qid) end++;
      const fs = rows.slice(start, end);
      const series = crowdSeries(
        typeOf.get(qid)!,
        fs.map((f) => ({ id: f.id, analyst: String(f.userId), createdAt: f.createdAt.getTime(), probs: f.probs })),
      );
      // The crowd just after a forecast is the last step at or before its time.
      let k = 0;
      for (const f of fs) {
        const t = f.createdAt.getTime();
        while (k + 1 < series.length && series[k + 1]!.at <= t) k++;
        perForecast.push({ forecastId: f.id, probs: [...series[k]!.probs] });
      }
      const last = series[series.length - 1]!;
      perQuestion.push({ questionId: qid, probs: [...last.probs], at: new Date(last.at) });
      start = end;
    }
    await repo.replaceCrowdSnapshots(tx, perForecast, perQuestion);
  }
}
