/**
 * Spreadsheet exports. csv-stringify quotes commas, quotes and newlines, and
 * escape_formulas defuses cells starting with = + - @ (formula injection),
 * leaving negative numbers as numbers.
 */
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { crowdScores, forecasts, questions, questionScores, users } from '../../db/schema';

const PAGE = 10_000;
const csv = (rows: unknown[][], header = false) => stringify(rows, { escape_formulas: true, record_delimiter: 'windows', ...(header ? {} : {}) });

/** One row per forecast, in id order; `userId` limits it to one analyst's rows. */
export async function* forecastsCsv(db: Db, userId?: number): AsyncGenerator<string> {
  yield csv([['question', 'title', 'type', 'user', 'createdAt', 'probability', 'probabilities', 'rationale']]);
  let afterId = 0;
  for (;;) {
    const page = await db
      .select({ id: forecasts.id, key: questions.key, title: questions.title, type: questions.type, handle: users.handle, createdAt: forecasts.createdAt, probs: forecasts.probs, rationale: forecasts.rationale })
      .from(forecasts)
      .innerJoin(questions, eq(questions.id, forecasts.questionId))
      .innerJoin(users, eq(users.id, forecasts.userId))
      .where(userId === undefined ? gt(forecasts.id, afterId) : and(gt(forecasts.id, afterId), eq(forecasts.userId, userId)))
      .orderBy(asc(forecasts.id))
      .limit(PAGE);
    if (page.length === 0) return;
    yield csv(
      page.map((f) => [
        f.key,
        f.title,
        f.type,
        f.handle,
        f.createdAt.toISOString(),
        f.type === 'binary' ? f.probs[1] : '',
        f.type === 'binary' ? '' : f.probs.join(';'),
        f.rationale ?? '',
      ]),
    );
    afterId = page[page.length - 1]!.id;
  }
}

/** One row per (question, analyst) score. */
export async function* scoresCsv(db: Db, userId?: number): AsyncGenerator<string> {
  yield csv([
    ['question', 'title', 'type', 'tags', 'user', 'end', 'outcome', 'finalBrier', 'timeWeightedBrier', 'relativeBrier', 'finalLogLoss', 'crowdTimeWeightedBrier'],
  ]);
  const rows = await db
    .select({ s: questionScores, key: questions.key, title: questions.title, type: questions.type, options: questions.options, tags: questions.tags, handle: users.handle, crowd: crowdScores.timeWeightedBrier })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .innerJoin(users, eq(users.id, questionScores.userId))
    .leftJoin(crowdScores, eq(crowdScores.questionId, questionScores.questionId))
    .where(userId === undefined ? undefined : eq(questionScores.userId, userId))
    .orderBy(asc(questionScores.end), asc(questions.key), asc(users.handle));
  for (let i = 0; i < rows.length; i += PAGE) {
    yield csv(
      rows.slice(i, i + PAGE).map((r) => [
        r.key,
        r.title,
        r.type,
        r.tags.join(';'),
        r.handle,
        r.s.end.toISOString(),
        r.type === 'binary' ? (r.s.outcome === 1 ? 'yes' : 'no') : (r.options?.[r.s.outcome] ?? String(r.s.outcome)),
        r.s.finalBrier,
        r.s.timeWeightedBrier,
        r.s.relativeBrier ?? '',
        r.s.finalLogLoss,
        r.crowd ?? '',
      ]),
    );
  }
}
