/** The rows the spreadsheet exports read. */
import { and, asc, eq, gt } from 'drizzle-orm';
import { byCodePoint, type Db } from '../../db/client';
import { crowdScores, forecasts, questions, questionScores, users } from '../../db/schema';

/** Forecasts with their question and author, in id order after `afterId`; `userId` keeps one analyst's. */
export async function forecastRowsPage(db: Db, afterId: number, limit: number, userId?: number) {
  return db
    .select({
      id: forecasts.id,
      key: questions.key,
      title: questions.title,
      type: questions.type,
      handle: users.handle,
      createdAt: forecasts.createdAt,
      probs: forecasts.probs,
      rationale: forecasts.rationale,
    })
    .from(forecasts)
    .innerJoin(questions, eq(questions.id, forecasts.questionId))
    .innerJoin(users, eq(users.id, forecasts.userId))
    .where(
      userId === undefined ? gt(forecasts.id, afterId) : and(gt(forecasts.id, afterId), eq(forecasts.userId, userId)),
    )
    .orderBy(asc(forecasts.id))
    .limit(limit);
}

/** Every (question, analyst) score with its question and the crowd's TWB; `userId` keeps one analyst's. */
export async function scoreRows(db: Db, userId?: number) {
  return db
    .select({
      s: questionScores,
      key: questions.key,
      title: questions.title,
      type: questions.type,
      options: questions.options,
      tags: questions.tags,
      handle: users.handle,
      crowd: crowdScores.timeWeightedBrier,
    })
    .from(questionScores)
    .innerJoin(questions, eq(questions.id, questionScores.questionId))
    .innerJoin(users, eq(users.id, questionScores.userId))
    .leftJoin(crowdScores, eq(crowdScores.questionId, questionScores.questionId))
    .where(userId === undefined ? undefined : eq(questionScores.userId, userId))
    .orderBy(asc(questionScores.end), byCodePoint(questions.key), byCodePoint(users.handle));
}
