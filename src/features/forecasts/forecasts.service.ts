/**
 * Forecasts: accepted only while the question is open and unresolved, checked
 * with the question row locked in the transaction that writes the forecast, so
 * no forecast lands after a resolution that committed first.
 */
import { DomainError } from '../../domain/errors';
import { outcomeCount, questionStatus, type QuestionStatus } from '../../domain/questions';
import { binaryProbs, checkProbabilityVector } from '../../domain/scoring';
import { isReviewer } from '../../http/auth';
import type { AppDeps, AuthUser } from '../../http/router';
import { findUserByHandle } from '../accounts/accounts.repository';
import { recordAudit } from '../audit/audit.repository';
import { lockQuestion } from '../questions/questions.repository';
import { requireQuestion, type QuestionType } from '../questions/questions.service';
import * as repo from './forecasts.repository';

export interface ForecastDto {
  id: number;
  question: string;
  user: string;
  createdAt: string;
  probability?: number;
  probabilities?: number[];
  rationale: string | null;
}

export function toForecastDto(type: QuestionType, questionKey: string, handle: string, f: repo.ForecastRow): ForecastDto {
  const base = { id: f.id, question: questionKey, user: handle, createdAt: f.createdAt.toISOString() };
  return type === 'binary'
    ? { ...base, probability: f.probs[1]!, rationale: f.rationale }
    : { ...base, probabilities: f.probs, rationale: f.rationale };
}

/** Turns the body into the stored vector, or a 400 naming each wrong number. */
function probsFromInput(
  type: QuestionType,
  options: string[] | null,
  input: { probability?: number | undefined; probabilities?: number[] | undefined },
): number[] {
  if (type === 'binary') {
    if (input.probability === undefined || input.probabilities !== undefined) {
      throw new DomainError('invalid_input', 'A binary question takes probability (P(yes)), not probabilities', [
        { path: 'probability', message: 'is required for a binary question (and probabilities is not allowed)' },
      ]);
    }
    return binaryProbs(input.probability);
  }
  if (input.probabilities === undefined || input.probability !== undefined) {
    throw new DomainError('invalid_input', `A ${type} question takes probabilities, one per option`, [
      { path: 'probabilities', message: `is required for a ${type} question (and probability is not allowed)` },
    ]);
  }
  const problems = checkProbabilityVector(type, outcomeCount(type, options), input.probabilities);
  if (problems.length) {
    const issues = problems.map((p) => ({ path: p.index === null ? 'probabilities' : `probabilities.${p.index}`, message: p.message }));
    throw new DomainError('invalid_input', `Invalid probabilities: ${issues[0]!.path} ${issues[0]!.message}`, issues);
  }
  return [...input.probabilities];
}

export async function createForecast(
  deps: AppDeps,
  actor: AuthUser,
  key: string,
  input: { probability?: number | undefined; probabilities?: number[] | undefined; rationale?: string | null | undefined },
): Promise<ForecastDto> {
  return deps.db.transaction(async (tx) => {
    const q = await lockQuestion(tx, key);
    if (!q) throw new DomainError('not_found', `No question with key '${key}'`);
    const probs = probsFromInput(q.type, q.options ?? null, input);
    // The clock is read after the lock: a forecast's time is when it was accepted.
    const now = deps.clock.now();
    const standing = (await repo.standingResolution(tx, q.id)) ?? null;
    const status = questionStatus(q, standing, now);
    if (status !== 'open') {
      const why: Record<Exclude<QuestionStatus, 'open'>, string> = {
        upcoming: `it opens at ${q.opensAt.toISOString()}`,
        closed: `it closed at ${q.closesAt.toISOString()}`,
        resolved: 'it has been resolved',
        annulled: 'it has been annulled',
      };
      throw new DomainError('conflict', `The question is not open for forecasts: ${why[status]}`);
    }
    const row = await repo.insertForecast(tx, {
      questionId: q.id,
      userId: actor.id,
      createdAt: now,
      probs,
      rationale: input.rationale?.trim() ? input.rationale : null,
    });
    await recordAudit(tx, { at: now, actorId: actor.id, action: 'forecast.create', subject: `question:${key}`, details: { id: row.id, probs } });
    return toForecastDto(q.type, key, actor.handle, row);
  });
}

/**
 * Whether `user` may see everyone's forecasts (and the crowd) on a question: with
 * hideForecasts, an analyst sees only their own until they have forecast on it
 * or it has closed or been resolved; leads and admins see all.
 */
export async function seesAllForecasts(
  deps: AppDeps,
  user: AuthUser,
  q: { id: number; hideForecasts: boolean; opensAt: Date; closesAt: Date },
): Promise<boolean> {
  if (isReviewer(user) || !q.hideForecasts) return true;
  const standing = (await repo.standingResolution(deps.db, q.id)) ?? null;
  const status = questionStatus(q, standing, deps.clock.now());
  if (status !== 'open' && status !== 'upcoming') return true;
  return repo.hasForecast(deps.db, q.id, user.id);
}

export async function listQuestionForecasts(deps: AppDeps, user: AuthUser, key: string) {
  const q = await requireQuestion(deps.db, key);
  const all = await seesAllForecasts(deps, user, q);
  const rows = await repo.forecastsOfQuestion(deps.db, q.id, all ? undefined : user.id);
  return { forecasts: rows.map((r) => toForecastDto(q.type, key, r.handle, r.f)), hidden: !all };
}

/** A user's own forecast history (or, for leads and admins, anyone's). */
export async function listUserForecasts(deps: AppDeps, viewer: AuthUser, handle: string, limit: number, cursor: string | undefined) {
  if (viewer.handle !== handle && !isReviewer(viewer)) {
    throw new DomainError('forbidden', "Only leads and admins may read another analyst's forecast history");
  }
  const user = await findUserByHandle(deps.db, handle);
  if (!user) throw new DomainError('not_found', `No user with handle '${handle}'`);
  let beforeId: number | undefined;
  if (cursor !== undefined) {
    beforeId = Number(cursor);
    if (!Number.isSafeInteger(beforeId) || beforeId < 1) {
      throw new DomainError('invalid_input', 'Invalid cursor', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    }
  }
  const rows = await repo.forecastsOfUser(deps.db, user.id, beforeId, limit + 1);
  const page = rows.slice(0, limit);
  return {
    forecasts: page.map((r) => ({ ...toForecastDto(r.type, r.key, handle, r.f), questionTitle: r.title })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.f.id) : null,
  };
}
