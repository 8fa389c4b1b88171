/**
 * Relative Brier (docs/scoring.md) for every participant of one question in a
 * single sweep over the instants: O(E log P) plus one array splice per
 * update, instead of recomputing a median of "everyone else" for every
 * participant on every interval (O(E P log P)).
 *
 * Why it works: take the standing Briers of all n participants, sorted (ties
 * broken by participant index, so positions are well defined). The median of
 * the others, i.e. of the sorted array with one element removed, depends only
 * on where the removed element sits relative to the middle:
 *
 *   n = 2m:    position < m  -> v[m]                 (class L)
 *              position >= m -> v[m-1]               (class U)
 *   n = 2m+1:  position < m  -> (v[m] + v[m+1]) / 2  (class L)
 *              position = m  -> (v[m-1] + v[m+1]) / 2 (class M)
 *              position > m  -> (v[m-1] + v[m]) / 2  (class U)
 *
 * So three running integrals over time (one per class) carry everything; a
 * participant only needs its own bookkeeping when its class changes. One
 * forecast moves one element and shifts the others by at most one position,
 * and moves the middle by at most one, so only the participants within two
 * positions of the middle (plus the one who moved) can change class.
 *
 * The class integrals run from the first instant two participants stand to
 * the end, so they can be ~1e11 ms * Brier while a participant's window is
 * 1 ms; they are double-double sums (exact.ts) so that the difference of two
 * snapshots keeps every digit of the window's own integral.
 */
import { addExact, sinceSnapshot } from './exact.js';

const L = 0;
const M = 1;
const U = 2;
/** the only participant standing: no "others", the instant is not in S */
const ALONE = 3;
/** not standing yet */
const NONE = 4;

export interface RelativeInstant {
  at: number;
  /** at most one per participant */
  updates: ReadonlyArray<{ who: number; brier: number }>;
}

/**
 * Relative Brier of each participant (index 0..participantCount-1) over a
 * question whose standing Briers change at `instants` (strictly increasing
 * times, all < end). Null for a participant who never has another participant
 * standing beside them, i.e. the sole participant.
 */
export function relativeBriers(
  participantCount: number,
  instants: readonly RelativeInstant[],
  end: number,
): Array<number | null> {
  const P = participantCount;
  const val = new Float64Array(P);
  const cls = new Uint8Array(P).fill(NONE);
  // acc[c] at the participant's last booking, as a double-double (snap + snapLo)
  const snap = new Float64Array(P);
  const snapLo = new Float64Array(P);
  const last = new Float64Array(P);
  const sumB = new Float64Array(P);
  const sumMed = new Float64Array(P);
  const sTime = new Float64Array(P);
  // integral over time of the median-of-others for each class, double-double (acc + accLo); ALONE stays 0
  const acc = new Float64Array(4);
  const accLo = new Float64Array(4);
  const order: number[] = [];
  let lastT = instants.length > 0 ? (instants[0] as RelativeInstant).at : end;

  const v = (i: number): number => val[order[i] as number] as number;

  function advance(t: number): void {
    const dt = t - lastT;
    const n = order.length;
    if (dt > 0 && n >= 2) {
      const m = n >> 1;
      if (n & 1) {
        addExact(acc, accLo, L, ((v(m) + v(m + 1)) / 2) * dt);
        addExact(acc, accLo, M, ((v(m - 1) + v(m + 1)) / 2) * dt);
        addExact(acc, accLo, U, ((v(m - 1) + v(m)) / 2) * dt);
      } else {
        addExact(acc, accLo, L, v(m) * dt);
        addExact(acc, accLo, U, v(m - 1) * dt);
      }
    }
    lastT = t;
  }

  /** Books `who`'s contribution up to t under its current class. */
  function settle(who: number, t: number): void {
    const c = cls[who] as number;
    if (c !== NONE && c !== ALONE) {
      const dt = t - (last[who] as number);
      sumB[who] = (sumB[who] as number) + (val[who] as number) * dt;
      sTime[who] = (sTime[who] as number) + dt;
      sumMed[who] = (sumMed[who] as number) + sinceSnapshot(acc, accLo, c, snap[who] as number, snapLo[who] as number);
    }
    last[who] = t;
    if (c !== NONE) book(who, c);
  }

  function book(who: number, c: number): void {
    snap[who] = acc[c] as number;
    snapLo[who] = accLo[c] as number;
  }

  function classOf(pos: number, n: number): number {
    if (n === 1) return ALONE;
    const m = n >> 1;
    if (pos < m) return L;
    if (n & 1) return pos === m ? M : U;
    return U;
  }

  /** Position of a participant with value b and index who in `order` (lower bound by (value, index)). */
  function position(b: number, who: number): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = order[mid] as number;
      const x = val[w] as number;
      if (x < b || (x === b && w < who)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function reclass(w: number, c: number, t: number): void {
    if (cls[w] === c) return;
    settle(w, t);
    cls[w] = c;
    book(w, c);
  }

  for (const instant of instants) {
    const t = instant.at;
    advance(t);
    for (const { who, brier } of instant.updates) {
      settle(who, t);
      if (cls[who] !== NONE) order.splice(position(val[who] as number, who), 1);
      val[who] = brier;
      const pos = position(brier, who);
      order.splice(pos, 0, who);
      const n = order.length;
      cls[who] = NONE; // force reclass to book the new snapshot
      reclass(who, classOf(pos, n), t);
      const m = n >> 1;
      const from = Math.max(0, m - 2);
      const to = Math.min(n - 1, m + 2);
      for (let i = from; i <= to; i++) reclass(order[i] as number, classOf(i, n), t);
    }
  }
  advance(end);
  const out: Array<number | null> = [];
  for (let who = 0; who < P; who++) {
    settle(who, end);
    const s = sTime[who] as number;
    out.push(s > 0 ? ((sumB[who] as number) - (sumMed[who] as number)) / s : null);
  }
  return out;
}
