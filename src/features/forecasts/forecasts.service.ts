/**
 * Forecasts: accepted only while the question is open and unresolved, checked
 * with the question row locked in the transaction that writes the forecast, so
 * no forecast lands after a resolution that committed first.
 */
import type { Deps } from '../../context';
import { mayReadAnalyst, seesOthersForecasts, type Actor } from '../../domain/access';
import { DomainError, invalidInput, notFound } from '../../domain/errors';
import { forecastVector, notOpenReason, questionStatus, type QuestionType } from '../../domain/questions';
import { crowdNow } from '../../domain/scoring';
import { findUserByHandle } from '../accounts/accounts.repository';
import { probabilitiesForApi } from '../questions/questions.dto';
import { requireQuestion } from '../questions/questions.service';
import { standingResolution } from '../resolutions/resolutions.repository';
import { forecastBatchesOf } from './forecast-batches';
import * as repo from './forecasts.repository';
import type { CreateForecastInput, ForecastDto } from './forecasts.schemas';

export function toForecastDto(
  type: QuestionType,
  questionKey: string,
  handle: string,
  f: Pick<repo.ForecastRow, 'id' | 'createdAt' | 'probs' | 'rationale'>,
): ForecastDto {
  const base = { id: f.id, question: questionKey, user: handle, createdAt: f.createdAt.toISOString() };
  return type === 'binary'
    ? { ...base, probability: f.probs[1]!, rationale: f.rationale }
    : { ...base, probabilities: f.probs, rationale: f.rationale };
}

export async function createForecast(
  deps: Deps,
  actor: Actor,
  key: string,
  input: CreateForecastInput,
): Promise<ForecastDto> {
  const rationale = input.rationale?.trim() ? input.rationale : null;
  let probs: number[] = [];
  let now = new Date(0);
  // Two round trips, shared with the forecasts that arrive alongside: BEGIN and the lock; then
  // one statement that checks, inserts and audits, and COMMIT (forecast-batches.ts).
  const outcome = await forecastBatchesOf(deps.db).write({
    key,
    decide: (q) => {
      if (!q) throw notFound.question(key);
      const vector = forecastVector(q, input);
      if ('issues' in vector) throw invalidInput('Invalid forecast', vector.issues);
      probs = vector.probs;
      // The clock is read after the lock: a forecast's time is when it was accepted.
      now = deps.clock.now();
      const open = questionStatus(q, null, now) === 'open';
      return { open, userId: actor.id, at: now, probs, rationale, subject: `question:${key}` };
    },
  });
  if (!outcome.ok) throw outcome.error;
  const { question: q, id, annulled } = outcome;
  if (id === null) {
    // A standing resolution is the reason given first, then the question's times.
    const status = questionStatus(q, annulled === null ? null : { annulled }, now);
    throw new DomainError('conflict', notOpenReason(q, status === 'open' ? 'closed' : status));
  }
  // The inbox's crowd snapshots are written after the answer, off the request path.
  deps.crowdSnapshots?.forecastAccepted(q, { createdAt: now });
  return toForecastDto(q.type, key, actor.handle, { id, createdAt: now, probs, rationale });
}

/**
 * Whether `user` may see everyone's forecasts (and the crowd) on a question
 * (domain/access.ts `seesOthersForecasts`).
 */
export async function seesAllForecasts(
  deps: Deps,
  user: Actor,
  q: { id: number; hideForecasts: boolean; opensAt: Date; closesAt: Date },
): Promise<boolean> {
  // Open, without a forecast of one's own, is the most hidden case: if even that sees all, no query is needed.
  if (seesOthersForecasts(user, { hideForecasts: q.hideForecasts, status: 'open' }, false)) return true;
  const standing = (await standingResolution(deps.db, q.id)) ?? null;
  const status = questionStatus(q, standing, deps.clock.now());
  const own = status === 'open' || status === 'upcoming' ? await repo.hasForecast(deps.db, q.id, user.id) : false;
  return seesOthersForecasts(user, { hideForecasts: q.hideForecasts, status }, own);
}

export async function listQuestionForecasts(
  deps: Deps,
  user: Actor,
  key: string,
): Promise<{ forecasts: ForecastDto[]; hidden: boolean }> {
  const q = await requireQuestion(deps.db, key);
  const all = await seesAllForecasts(deps, user, q);
  const rows = await repo.forecastsOfQuestion(deps.db, q.id, all ? undefined : user.id);
  return { forecasts: rows.map((r) => toForecastDto(q.type, key, r.handle, r.f)), hidden: !all };
}

/** A user's own forecast history (or, for leads and admins, anyone's). */
export async function listUserForecasts(
  deps: Deps,
  viewer: Actor,
  handle: string,
  limit: number,
  cursor: string | undefined,
) {
  if (!mayReadAnalyst(viewer, handle)) {
    throw new DomainError('forbidden', "Only leads and admins may read another analyst's forecast history");
  }
  const user = await findUserByHandle(deps.db, handle);
  if (!user) throw notFound.user(handle);
  let beforeId: number | undefined;
  if (cursor !== undefined) {
    beforeId = Number(cursor);
    if (!Number.isSafeInteger(beforeId) || beforeId < 1) {
      throw new DomainError('invalid_input', 'Invalid cursor', [
        { path: 'cursor', message: 'is not a cursor this API returned' },
      ]);
    }
  }
  const rows = await repo.forecastsOfUser(deps.db, user.id, beforeId, limit + 1);
  const page = rows.slice(0, limit);
  return {
    forecasts: page.map((r) => ({ ...toForecastDto(r.type, r.key, handle, r.f), questionTitle: r.title })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.f.id) : null,
  };
}

/**
 * An analyst's standing forecasts on the questions open now, closing soonest
 * first, each with the crowd standing now (that analyst, leads and admins; the
 * analyst has forecast on each, so the crowd is never hidden from them).
 */
export async function listOpenForecasts(deps: Deps, viewer: Actor, handle: string) {
  if (!mayReadAnalyst(viewer, handle)) {
    throw new DomainError('forbidden', "Only leads and admins may read another analyst's forecasts");
  }
  const user = await findUserByHandle(deps.db, handle);
  if (!user) throw notFound.user(handle);
  const qs = await repo.openQuestionsForecastBy(deps.db, user.id, deps.clock.now());
  const standing = await repo.standingForecasts(
    deps.db,
    qs.map((q) => q.id),
  );
  return {
    user: handle,
    forecasts: qs.map((q) => {
      const rows = standing.filter((r) => r.f.questionId === q.id);
      const own = rows.find((r) => r.f.userId === user.id)!;
      const crowd = crowdNow(
        q.type,
        rows.map((r) => ({ id: r.f.id, analyst: r.handle, createdAt: r.f.createdAt.getTime(), probs: r.f.probs })),
      );
      return {
        question: {
          key: q.key,
          title: q.title,
          type: q.type,
          options: q.options ?? null,
          closesAt: q.closesAt.toISOString(),
        },
        forecast: toForecastDto(q.type, q.key, handle, own.f),
        crowd: crowd ? probabilitiesForApi(q.type, crowd) : null,
        forecasters: rows.length,
      };
    }),
  };
}
