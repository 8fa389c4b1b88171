import type { ScoringForecast } from './types.js';

/** One analyst's new standing forecast at an instant. */
export interface TimelineUpdate {
  /** participant index into Timeline.participants */
  who: number;
  probs: readonly number[];
}

/** All standing-forecast changes that happen at one instant. */
export interface TimelineInstant {
  at: number;
  /** at most one update per participant: the forecast with the highest id at this instant */
  updates: TimelineUpdate[];
}

export interface Timeline {
  /** analysts in order of their first forecast */
  participants: string[];
  /** how many forecasts each participant has inside the window, superseded ones included */
  counts: number[];
  /** strictly increasing `at` */
  instants: TimelineInstant[];
  /** length of every probability vector (0 when there are no forecasts) */
  optionCount: number;
}

function byTimeThenId(a: ScoringForecast, b: ScoringForecast): number {
  return a.createdAt - b.createdAt || a.id - b.id;
}

/**
 * Turns forecasts in any order into the sequence of instants at which some
 * standing forecast changes. This is the one place that applies the ordering
 * rule of docs/scoring.md, (createdAt, id), and the rule that a forecast superseded
 * at the same instant weighs nothing: only the highest id of an analyst at an
 * instant survives. Forecasts with `createdAt >= until` are left out.
 */
export function buildTimeline(forecasts: readonly ScoringForecast[], until?: number): Timeline {
  const kept = until === undefined ? forecasts.slice() : forecasts.filter((f) => f.createdAt < until);
  kept.sort(byTimeThenId);

  const index = new Map<string, number>();
  const participants: string[] = [];
  const counts: number[] = [];
  const instants: TimelineInstant[] = [];
  // slotAt[who] = position of who's update in the current instant, valid when stampAt[who] === instants.length
  const stampAt: number[] = [];
  const slotAt: number[] = [];
  const optionCount = kept.length === 0 ? 0 : (kept[0] as ScoringForecast).probs.length;

  let current: TimelineInstant | null = null;
  for (const f of kept) {
    if (!Number.isFinite(f.createdAt)) throw new RangeError(`forecast ${f.id} has no valid createdAt`);
    if (f.probs.length !== optionCount) {
      throw new RangeError(`forecast ${f.id} has ${f.probs.length} probabilities, expected ${optionCount}`);
    }
    let who = index.get(f.analyst);
    if (who === undefined) {
      who = participants.length;
      index.set(f.analyst, who);
      participants.push(f.analyst);
      counts.push(0);
      stampAt.push(-1);
      slotAt.push(0);
    }
    counts[who] = (counts[who] as number) + 1;
    if (current === null || current.at !== f.createdAt) {
      current = { at: f.createdAt, updates: [] };
      instants.push(current);
    }
    const stamp = instants.length;
    if (stampAt[who] === stamp) {
      // same analyst, same instant, higher id: it supersedes the earlier one, which weighs nothing
      current.updates[slotAt[who] as number] = { who, probs: f.probs };
    } else {
      stampAt[who] = stamp;
      slotAt[who] = current.updates.length;
      current.updates.push({ who, probs: f.probs });
    }
  }
  return { participants, counts, instants, optionCount };
}
