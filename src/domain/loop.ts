/**
 * The team's loop (docs/api.md): the inbox's kinds and their order, the
 * workspace settings' bounds, suggestion statuses, and the rules that decide
 * when a standing forecast has gone stale.
 */

/** A suggestion is open until a lead accepts or dismisses it. */
export const SUGGESTION_STATUSES = ['open', 'accepted', 'dismissed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** Inbox kinds, in the order the inbox lists them. */
export const INBOX_KINDS = ['awaitingResolution', 'suggestion', 'closingSoon', 'stale', 'unforecast'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** The workspace's settings when no admin has changed them, and their bounds. */
export const DEFAULT_STALE_DAYS = 14;
export const STALE_DAYS_MIN = 1;
export const STALE_DAYS_MAX = 365;

/** `closingSoon` in the inbox: closes within 72 hours. */
export const CLOSING_SOON_MS = 72 * 3_600_000;

/** A forecast is stale when the crowd has moved this much (or more) on some outcome since it was made. */
export const CROWD_MOVE = 0.15;
/** Slack for float noise in the crowd-moved test: 0.6 - 0.45 is 0.1499999... */
export const CROWD_MOVE_EPSILON = 1e-9;

/** Clarification text: 1-5,000 characters. */
export const CLARIFICATION_MAX = 5_000;

/** Whether the crowd moved by CROWD_MOVE or more on some outcome between two snapshots of one question. */
export function crowdMoved(then: readonly number[], now: readonly number[]): boolean {
  if (then.length !== now.length) return false;
  return then.some((p, i) => Math.abs(p - now[i]!) >= CROWD_MOVE - CROWD_MOVE_EPSILON);
}
