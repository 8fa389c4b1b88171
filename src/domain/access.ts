/**
 * Who may do what (docs/api.md): the roles, the signed-in actor,
 * and the permission predicates every service asks. Pure facts of the domain,
 * so services never reach into the HTTP layer for them.
 */
import type { QuestionStatus } from './questions.js';

/** Every role, in order of reach. */
export const ROLES = ['analyst', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user a request acts as. */
export interface Actor {
  id: number;
  handle: string;
  displayName: string;
  role: Role;
}

/** Leads and admins review: they see every forecast and every analyst's scores, and resolve questions. */
export function isReviewer(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'lead' || actor.role === 'admin';
}

/** An analyst's own calibration, record and forecast history: that analyst, leads and admins. */
export function mayReadAnalyst(viewer: Pick<Actor, 'role' | 'handle'>, handle: string): boolean {
  return viewer.handle === handle || isReviewer(viewer);
}

/** A question's author, leads and admins may edit it (before anyone forecasts) and clarify it. */
export function mayEditQuestion(actor: Pick<Actor, 'id' | 'role'>, question: { createdBy: number }): boolean {
  return question.createdBy === actor.id || isReviewer(actor);
}

/**
 * Whether `viewer` sees everyone's forecasts (and the crowd) on a question:
 * with `hideForecasts`, an analyst sees only their own until they have
 * forecast on it, or it has closed or been resolved; leads and admins see all.
 */
export function seesOthersForecasts(
  viewer: Pick<Actor, 'role'>,
  question: { hideForecasts: boolean; status: QuestionStatus },
  hasOwnForecast: boolean,
): boolean {
  if (isReviewer(viewer) || !question.hideForecasts) return true;
  if (question.status !== 'open' && question.status !== 'upcoming') return true;
  return hasOwnForecast;
}

/** How many forecasters a pooled figure needs before an analyst may read it. */
export const MIN_POOL_FORECASTERS = 3;

/**
 * Pooled calibration (and its recalibration) and Brier by month: an analyst
 * reads a pool only when its forecasters (users with at least one event in
 * it) number MIN_POOL_FORECASTERS or more, or are that analyst alone, so a
 * narrow team, tag or window cannot stand in for `?user=` of someone else.
 * Leads and admins read any pool. Returns why not, or null when allowed.
 */
export function poolRefusal(viewer: Pick<Actor, 'id' | 'role'>, forecasterIds: readonly number[]): string | null {
  if (isReviewer(viewer)) return null;
  const others = new Set(forecasterIds.filter((id) => id !== viewer.id));
  if (others.size === 0) return null;
  if (new Set(forecasterIds).size >= MIN_POOL_FORECASTERS) return null;
  return (
    `This pool has ${new Set(forecasterIds).size} forecasters; an analyst may read pooled figures only ` +
    `over ${MIN_POOL_FORECASTERS} or more forecasters (or over their own forecasts alone), ` +
    `so that a narrow team, tag or window does not reveal another analyst's record`
  );
}
