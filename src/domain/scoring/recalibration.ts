/**
 * Recalibration: the best shrink k (docs/scoring.md, "Coaching: verdicts per bin
 * and the best shrink").
 *
 * A final forecast f shrunk by k is `u + k (f - u)` (u uniform). Its Brier is
 * a sum of terms `w (clip(U + k X) - O)^2`: per outcome for binary and
 * categorical questions (w = 1), per cumulative sum for ordinal ones
 * (w = 2/(K-1)). M(k), the mean over the n forecasts, is a piecewise
 * quadratic in k whose pieces change where a term reaches 0 or 1, so its
 * minimum over [0, 3] is found exactly: candidates 0, 3, every breakpoint in
 * between and each piece's vertex inside its piece; k is the smallest
 * candidate whose M is within 1e-12 of the least.
 *
 * The input is grouped *terms* (U, X, O, w, count) plus n, the number of
 * forecasts: analysts enter few distinct probabilities, so a whole
 * workspace's final forecasts (hundreds of thousands) fold into a few
 * thousand distinct terms, which a server can keep as a rollup or build from
 * raw forecasts (RecalibrationTermSet). The minimum costs O(T log T) in the
 * number of distinct terms: one sort of the distinct breakpoints, then a
 * sweep with running quadratic coefficients.
 */
import { addExact } from './exact.js';
import type { QuestionType } from './types.js';

/** k runs over [0, RECALIBRATION_MAX_K]. */
export const RECALIBRATION_MAX_K = 3;

/** Values of M within this of each other count as equal (docs/scoring.md). */
export const RECALIBRATION_TIE = 1e-12;

/**
 * `count` identical terms `w (clip(U + k X) - O)^2` of the shrunk Brier.
 * U in [0, 1] is the uniform forecast's value, X the forecast's distance from
 * it, O in [0, 1] what happened, w > 0 the weight.
 */
export interface RecalibrationTerm {
  U: number;
  X: number;
  O: number;
  w: number;
  count: number;
}

/** The forecasts to recalibrate: n of them, as their (grouped) terms. */
export interface RecalibrationInput {
  /** n, the number of final forecasts the terms came from */
  forecasts: number;
  terms: readonly RecalibrationTerm[];
}

/** `recalibration` of `/api/calibration`. */
export interface Recalibration {
  forecasts: number;
  /** M(1), the mean Brier of the forecasts as made; null when n = 0 */
  meanBrier: number | null;
  /** the best shrink in [0, 3]; null when n = 0 or every forecast is uniform */
  k: number | null;
  /** M(k) */
  meanBrierAtK: number | null;
  /** max(0, M(1) - M(k)) */
  improvement: number | null;
}

function checkForecast(type: QuestionType, probs: readonly number[], outcome: number): void {
  const K = probs.length;
  if (K < 2) throw new RangeError(`a forecast has at least 2 numbers, got ${K}`);
  if (type === 'binary' && K !== 2) throw new RangeError(`a binary forecast has 2 numbers, got ${K}`);
  if (!Number.isInteger(outcome) || outcome < 0 || outcome >= K) {
    throw new RangeError(`outcome ${outcome} is not an option index of a ${K}-option forecast`);
  }
}

/**
 * Calls `emit(U, X, O, w)` for each term of one final forecast. Shared by
 * recalibrationTerms and RecalibrationTermSet.add, which must not allocate
 * per forecast when it folds hundreds of thousands of them.
 *
 * - binary: one term U = 1/2, X = p - 1/2, O = o, w = 2. docs/scoring.md's two
 *   outcome terms (w = 1 each) are mirror images, clip(1 - x) = 1 - clip(x),
 *   so they are equal and fold into one of weight 2, taken from p alone as
 *   the binary Brier is: B(1) = 2 (p - o)^2 exactly.
 * - categorical: per option m, U = 1/K, X = f_m - 1/K, O = o_m, w = 1.
 * - ordinal: per m = 1..K-1, U = m/K, X = F_m - m/K, O = O_m, w = 2/(K-1).
 *   X is summed as the deviations f_i - 1/K, so a uniform forecast has
 *   X = 0 exactly (0.2 + 0.2 + 0.2 is not 0.6 in doubles) and counts as
 *   uniform.
 */
export function eachRecalibrationTerm(
  type: QuestionType,
  probs: readonly number[],
  outcome: number,
  emit: (U: number, X: number, O: number, w: number) => void,
): void {
  checkForecast(type, probs, outcome);
  const K = probs.length;
  if (type === 'binary') {
    emit(0.5, (probs[1] as number) - 0.5, outcome === 1 ? 1 : 0, 2);
    return;
  }
  const u = 1 / K;
  if (type === 'categorical') {
    for (let m = 0; m < K; m++) emit(u, (probs[m] as number) - u, m === outcome ? 1 : 0, 1);
    return;
  }
  const w = 2 / (K - 1);
  let x = 0;
  for (let m = 1; m < K; m++) {
    x += (probs[m - 1] as number) - u;
    emit(m / K, x, outcome <= m - 1 ? 1 : 0, w);
  }
}

/**
 * The terms of one final forecast (count 1 each): binary 1, categorical K,
 * ordinal K - 1. Their B(1) is the forecast's Brier.
 *
 * @example
 * recalibrationTerms('binary', [0.2, 0.8], 1) // [{ U: 0.5, X: 0.3, O: 1, w: 2, count: 1 }]
 */
export function recalibrationTerms(type: QuestionType, probs: readonly number[], outcome: number): RecalibrationTerm[] {
  const out: RecalibrationTerm[] = [];
  eachRecalibrationTerm(type, probs, outcome, (U, X, O, w) => out.push({ U, X, O, w, count: 1 }));
  return out;
}

/** Terms of one (w, U, O), by X. */
type ByX = Map<number, RecalibrationTerm>;

const TYPE_INDEX: Record<QuestionType, number> = { binary: 0, categorical: 1, ordinal: 2 };

/**
 * Final forecasts folded into distinct terms: identical (U, X, O, w) share
 * one term with a count. Feed it raw forecasts (`add`) or stored terms
 * (`addTerm`), then `input()` for recalibrate.
 *
 * @example
 * const set = new RecalibrationTermSet();
 * for (const f of finals) set.add(f.type, f.probs, f.outcome);
 * recalibrate(set.input());
 */
export class RecalibrationTermSet {
  private n = 0;
  /** w -> U -> O -> X -> term */
  private readonly groups = new Map<number, Map<number, Map<number, ByX>>>();
  /**
   * For add(): per (type, K), the ByX of each (m, O), found once. (w, U, O)
   * depend only on the type, K, m and the outcome, so folding a raw forecast
   * costs one Map lookup on X per term, not a key built from three doubles.
   */
  private readonly tables = new Map<number, Array<ByX | undefined>>();

  /** How many forecasts were added. */
  get forecasts(): number {
    return this.n;
  }

  /** Adds `count` final forecasts equal to (type, probs, outcome). */
  add(type: QuestionType, probs: readonly number[], outcome: number, count = 1): void {
    // the terms of eachRecalibrationTerm, folded without a callback per term
    checkForecast(type, probs, outcome);
    const K = probs.length;
    const tableKey = K * 4 + TYPE_INDEX[type];
    let table = this.tables.get(tableKey);
    if (table === undefined) {
      table = [];
      this.tables.set(tableKey, table);
    }
    if (type === 'binary') {
      const O = outcome === 1 ? 1 : 0;
      this.bump(table, O, 0.5, (probs[1] as number) - 0.5, O, 2, count);
    } else if (type === 'categorical') {
      const u = 1 / K;
      for (let m = 0; m < K; m++) {
        const O = m === outcome ? 1 : 0;
        this.bump(table, 2 * m + O, u, (probs[m] as number) - u, O, 1, count);
      }
    } else {
      const u = 1 / K;
      const w = 2 / (K - 1);
      let x = 0;
      for (let m = 1; m < K; m++) {
        x += (probs[m - 1] as number) - u;
        const O = outcome <= m - 1 ? 1 : 0;
        this.bump(table, 2 * m + O, m / K, x, O, w, count);
      }
    }
    this.n += count;
  }

  /**
   * Adds a stored term (e.g. a rollup row). Terms carry no forecast count:
   * add the forecasts they came from with `addForecasts`.
   */
  addTerm(term: RecalibrationTerm): void {
    this.fold(this.byX(term.w, term.U, term.O), term.U, term.X, term.O, term.w, term.count);
  }

  /** Counts `count` more forecasts whose terms come through addTerm. */
  addForecasts(count: number): void {
    this.n += count;
  }

  private bump(
    table: Array<ByX | undefined>,
    slot: number,
    U: number,
    X: number,
    O: number,
    w: number,
    count: number,
  ): void {
    let g = table[slot];
    if (g === undefined) {
      g = this.byX(w, U, O);
      table[slot] = g;
    }
    this.fold(g, U, X, O, w, count);
  }

  private byX(w: number, U: number, O: number): ByX {
    let byU = this.groups.get(w);
    if (byU === undefined) {
      byU = new Map();
      this.groups.set(w, byU);
    }
    let byO = byU.get(U);
    if (byO === undefined) {
      byO = new Map();
      byU.set(U, byO);
    }
    let g = byO.get(O);
    if (g === undefined) {
      g = new Map();
      byO.set(O, g);
    }
    return g;
  }

  private fold(g: ByX, U: number, X: number, O: number, w: number, count: number): void {
    const t = g.get(X);
    // X === 0 ? 0 : X turns -0 into 0 (the Map already treats them as one key)
    if (t === undefined) g.set(X, { U, X: X === 0 ? 0 : X, O, w, count });
    else t.count += count;
  }

  /** The distinct terms (count 0 ones left out). */
  terms(): RecalibrationTerm[] {
    const out: RecalibrationTerm[] = [];
    for (const byU of this.groups.values())
      for (const byO of byU.values())
        for (const g of byO.values()) for (const t of g.values()) if (t.count !== 0) out.push({ ...t });
    return out;
  }

  /** The input of recalibrate. */
  input(): RecalibrationInput {
    return { forecasts: this.n, terms: this.terms() };
  }
}

/** Folds terms with identical (U, X, O, w) into one, adding their counts. */
export function groupRecalibrationTerms(terms: Iterable<RecalibrationTerm>): RecalibrationTerm[] {
  const set = new RecalibrationTermSet();
  for (const t of terms) set.addTerm(t);
  return set.terms();
}

function checkInput(input: RecalibrationInput): void {
  const n = input.forecasts;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`forecasts must be a count, got ${n}`);
  input.terms.forEach((t, i) => {
    const ok =
      t.U >= 0 &&
      t.U <= 1 &&
      Number.isFinite(t.X) &&
      t.O >= 0 &&
      t.O <= 1 &&
      t.w > 0 &&
      Number.isFinite(t.w) &&
      t.count >= 0 &&
      Number.isFinite(t.count);
    if (!ok) throw new RangeError(`term ${i} is not a term: ${JSON.stringify(t)}`);
    if (n === 0 && t.count > 0) throw new RangeError(`term ${i} has a count but there are no forecasts`);
  });
}

/**
 * M(k), the mean shrunk Brier, summed term by term (compensated, so the
 * result is good to ~1e-16 of itself whatever the number of terms). O(T).
 * Null when n = 0.
 */
export function shrunkMeanBrier(input: RecalibrationInput, k: number): number | null {
  checkInput(input);
  return input.forecasts === 0 ? null : evaluate(input, k);
}

function evaluate(input: RecalibrationInput, k: number): number {
  let s = 0;
  let c = 0;
  for (const t of input.terms) {
    if (t.count === 0) continue;
    const x = Math.min(1, Math.max(0, t.U + k * t.X));
    const d = x - t.O;
    const v = t.count * t.w * d * d;
    const sum = s + v;
    c += Math.abs(s) >= v ? s - sum + v : v - sum + s;
    s = sum;
  }
  return (s + c) / input.forecasts;
}

// Running coefficients of n M(k) = A k^2 + B k + C on the current piece, double-double
// (index 0 = A, 1 = B, 2 = C): terms go in at k = 0 and come out at their breakpoints,
// and a coefficient that has had half a million terms added and taken away must still
// be exact for the piece that is left.
const A = 0;
const B = 1;
const C = 2;

/**
 * The best shrink (docs/scoring.md): `k` minimises M over [0, 3] exactly, from
 * the breakpoints of the piecewise quadratic (never a grid or an optimiser);
 * `meanBrier` is M(1), `meanBrierAtK` is M(k), `improvement` is
 * max(0, M(1) - M(k)). With n = 0 every field but `forecasts` is null; when
 * every forecast is uniform (every X is 0, M is flat), k, meanBrierAtK and
 * improvement are null.
 *
 * k < 1 says overconfident (move every forecast 1 - k of the way to even
 * odds), k > 1 underconfident. Cost O(T + D log D) for T terms with D
 * distinct breakpoints (D <= T; a few thousand for real forecasts).
 *
 * @example
 * // one analyst, always 90%, right 2 times in 3: the best shrink is toward even odds
 * const set = new RecalibrationTermSet();
 * set.add('binary', [0.1, 0.9], 1, 2);
 * set.add('binary', [0.1, 0.9], 0);
 * recalibrate(set.input()) // { forecasts: 3, meanBrier: 0.5533.., k: 0.4166.., meanBrierAtK: 0.4444.., improvement: 0.1088.. }
 */
export function recalibrate(input: RecalibrationInput): Recalibration {
  checkInput(input);
  const n = input.forecasts;
  if (n === 0) return { forecasts: 0, meanBrier: null, k: null, meanBrierAtK: null, improvement: null };
  const meanBrier = evaluate(input, 1);

  const hi = new Float64Array(3);
  const lo = new Float64Array(3);
  // Terms leave the quadratic at their breakpoint b in (0, 3). Real forecasts share few
  // breakpoints (b depends on U and X only), so the terms are first gathered per distinct b,
  // their coefficients summed as double-doubles, and only the distinct b are sorted.
  const slotOf = new Map<number, number>();
  const at: number[] = [];
  const leaving: number[] = [];
  // per slot s, double-double at 3s + A, 3s + B, 3s + C: what leaves A and B, and what C gains
  // (the clipped constant less the quadratic's constant); grown by doubling
  let dHi = new Float64Array(3 * 64);
  let dLo = new Float64Array(3 * 64);
  let moving = 0;
  for (const t of input.terms) {
    if (t.count === 0) continue;
    const cw = t.count * t.w;
    const e = t.U - t.O;
    if (t.X === 0) {
      addExact(hi, lo, C, cw * e * e);
      continue;
    }
    // U + kX reaches 1 (X > 0) or 0 (X < 0) at k = b, and the term is constant from there on
    const b = t.X > 0 ? (1 - t.U) / t.X : t.U / -t.X;
    const after = t.X > 0 ? cw * (1 - t.O) * (1 - t.O) : cw * t.O * t.O;
    if (b <= 0) {
      addExact(hi, lo, C, after);
      continue;
    }
    moving++;
    const qa = cw * t.X * t.X;
    const qb = 2 * cw * e * t.X;
    const qc = cw * e * e;
    addExact(hi, lo, A, qa);
    addExact(hi, lo, B, qb);
    addExact(hi, lo, C, qc);
    if (b < RECALIBRATION_MAX_K) {
      let slot = slotOf.get(b);
      if (slot === undefined) {
        slot = at.length;
        slotOf.set(b, slot);
        at.push(b);
        leaving.push(0);
        if (3 * at.length > dHi.length) {
          const grownHi = new Float64Array(2 * dHi.length);
          const grownLo = new Float64Array(2 * dLo.length);
          grownHi.set(dHi);
          grownLo.set(dLo);
          dHi = grownHi;
          dLo = grownLo;
        }
      }
      leaving[slot] = (leaving[slot] as number) + 1;
      addExact(dHi, dLo, 3 * slot + A, qa);
      addExact(dHi, dLo, 3 * slot + B, qb);
      addExact(dHi, dLo, 3 * slot + C, after);
      addExact(dHi, dLo, 3 * slot + C, -qc);
    }
  }
  if (moving === 0) return { forecasts: n, meanBrier, k: null, meanBrierAtK: null, improvement: null };
  const breakpoints = Float64Array.from(at).sort();

  // candidates in increasing k, with M from the running coefficients
  const ks: number[] = [];
  const ms: number[] = [];
  const m = (k: number): number => {
    const a = (hi[A] as number) + (lo[A] as number);
    const b = (hi[B] as number) + (lo[B] as number);
    const c = (hi[C] as number) + (lo[C] as number);
    return ((a * k + b) * k + c) / n;
  };
  const vertexIn = (from: number, to: number): void => {
    const a = (hi[A] as number) + (lo[A] as number);
    if (!(a > 0)) return;
    const v = -((hi[B] as number) + (lo[B] as number)) / (2 * a);
    if (v > from && v < to) {
      ks.push(v);
      ms.push(m(v));
    }
  };
  ks.push(0);
  ms.push(m(0));
  let from = 0;
  for (const b of breakpoints) {
    vertexIn(from, b);
    ks.push(b);
    ms.push(m(b)); // M is continuous: the piece on the left gives M(b)
    const slot = slotOf.get(b) as number;
    for (const j of [A, B]) {
      addExact(hi, lo, j, -(dHi[3 * slot + j] as number));
      addExact(hi, lo, j, -(dLo[3 * slot + j] as number));
    }
    addExact(hi, lo, C, dHi[3 * slot + C] as number);
    addExact(hi, lo, C, dLo[3 * slot + C] as number);
    moving -= leaving[slot] as number;
    if (moving === 0) {
      // no quadratic left: make A and B exactly 0 rather than the dust of their running sums
      hi[A] = lo[A] = hi[B] = lo[B] = 0;
    }
    from = b;
  }
  vertexIn(from, RECALIBRATION_MAX_K);
  ks.push(RECALIBRATION_MAX_K);
  ms.push(m(RECALIBRATION_MAX_K));

  let least = Infinity;
  for (const v of ms) if (v < least) least = v;
  let k = RECALIBRATION_MAX_K;
  for (let c = 0; c < ks.length; c++) {
    if ((ms[c] as number) <= least + RECALIBRATION_TIE) {
      k = ks[c] as number;
      break;
    }
  }
  const meanBrierAtK = evaluate(input, k);
  return { forecasts: n, meanBrier, k, meanBrierAtK, improvement: Math.max(0, meanBrier - meanBrierAtK) };
}
