import { and, asc, eq, gt, lte, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { forecasts, questions, resolutions, users } from '../../db/schema';

const unresolved = notExists(sql`(select 1 from ${resolutions} where ${resolutions.questionId} = ${questions.id})`);
const brief = { key: questions.key, title: questions.title, opensAt: questions.opensAt, closesAt: questions.closesAt };

export async function userForDigest(db: Db, userId: number) {
  const [row] = await db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/** Open questions the person has not forecast, oldest opening first. */
export async function openNotForecast(db: Db, userId: number, now: Date, limit: number) {
  return db
    .select(brief)
    .from(questions)
    .where(
      and(
        lte(questions.opensAt, now),
        gt(questions.closesAt, now),
        unresolved,
        notExists(
          sql`(select 1 from ${forecasts} where ${forecasts.questionId} = ${questions.id} and ${forecasts.userId} = ${userId})`,
        ),
      ),
    )
    .orderBy(asc(questions.opensAt), asc(questions.key))
    .limit(limit);
}

/** Open questions closing before `until`, soonest first. */
export async function closingBefore(db: Db, now: Date, until: Date, limit: number) {
  return db
    .select(brief)
    .from(questions)
    .where(and(lte(questions.opensAt, now), gt(questions.closesAt, now), lte(questions.closesAt, until), unresolved))
    .orderBy(asc(questions.closesAt), asc(questions.key))
    .limit(limit);
}

/** Closed questions nobody has resolved, longest waiting first. */
export async function awaitingResolution(db: Db, now: Date, limit: number) {
  return db
    .select(brief)
    .from(questions)
    .where(and(lte(questions.closesAt, now), unresolved))
    .orderBy(asc(questions.closesAt), asc(questions.key))
    .limit(limit);
}
