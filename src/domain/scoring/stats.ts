/**
 * Small numeric helpers shared by the scoring modules. Kept here so every
 * median, mean and normal tail in the product is computed one way.
 */

/**
 * Median of an ascending array; the median of an even count is the mean of
 * the middle two (docs/scoring.md). NaN for an empty array.
 */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  if (n & 1) return sorted[h] as number;
  return ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}

/** Median of any array of numbers (copies and sorts; the input is not touched). */
export function median(values: readonly number[]): number {
  return medianOfSorted(Float64Array.from(values).sort());
}

/**
 * Compensated (Neumaier) sum: means over thousands of questions should not
 * depend on the order rows came back from the database.
 */
export function sum(values: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** Arithmetic mean; null for no values (a mean of nothing is not 0). */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

/** Sample standard deviation (n - 1 denominator); null when n < 2. */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = sum(values) / n;
  return Math.sqrt(sum(values.map((v) => (v - m) * (v - m))) / (n - 1));
}

/**
 * Index at which `v` would be inserted into ascending `a` before any equal
 * element (lower bound). Used to keep per-outcome medians in O(log n) + a splice.
 */
export function lowerBound(a: readonly number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `v` into ascending `a`, keeping it sorted. */
export function insertSorted(a: number[], v: number): void {
  a.splice(lowerBound(a, v), 0, v);
}

/** Removes one element equal to `v` from ascending `a`; throws if absent (a bookkeeping bug). */
export function removeSorted(a: number[], v: number): void {
  const i = lowerBound(a, v);
  if (i >= a.length || a[i] !== v) throw new Error(`removeSorted: ${v} is not in the array`);
  a.splice(i, 1);
}

// W. J. Cody, "Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969) 631-638; coefficients of SPECFUN CALERF (netlib).
// Relative error below 1e-15 over the whole real line in double precision.
const ERF_A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const ERF_B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const ERFC_C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const ERFC_D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const ERFC_P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
];
const ERFC_Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 2.33520497626869185e-3,
];
const ONE_OVER_SQRT_PI = 0.56418958354775628695;
const ERFC_XBIG = 26.543;

function c(a: readonly number[], i: number): number {
  return a[i] as number;
}

/** exp(-y^2) computed as exp(-ysq^2) * exp(-del) with ysq = y rounded down to 1/16, as Cody does, to keep relative accuracy in the tail. */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/**
 * Complementary error function, accurate to ~1e-15 relative: the p value of
 * Spiegelhalter's test is read in the tail, where 1 - erf(x) would cancel.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = c(ERF_A, 4) * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + c(ERF_A, i)) * ysq;
      den = (den + c(ERF_B, i)) * ysq;
    }
    return 1 - (x * (num + c(ERF_A, 3))) / (den + c(ERF_B, 3));
  } else if (y <= 4) {
    let num = c(ERFC_C, 8) * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + c(ERFC_C, i)) * y;
      den = (den + c(ERFC_D, i)) * y;
    }
    r = ((num + c(ERFC_C, 7)) / (den + c(ERFC_D, 7))) * expMinusSquare(y);
  } else if (y >= ERFC_XBIG) {
    r = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = c(ERFC_P, 5) * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + c(ERFC_P, i)) * ysq;
      den = (den + c(ERFC_Q, i)) * ysq;
    }
    r = (ysq * (num + c(ERFC_P, 4))) / (den + c(ERFC_Q, 4));
    r = ((ONE_OVER_SQRT_PI - r) / y) * expMinusSquare(y);
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal cumulative distribution function, Phi(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Two-sided p value of a standard normal statistic, 2 * (1 - Phi(|z|)),
 * computed as erfc(|z| / sqrt 2) so that small p values keep their digits.
 */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * Wilson score interval for a proportion (successes of n), the one docs/scoring.md
 * asks for: unlike the normal interval it stays inside [0, 1] and is not
 * degenerate at 0% or 100%. The ends are clamped to [0, 1] only against
 * rounding (mathematically they already lie inside). Null when n = 0.
 *
 * At 0 successes the lower end is exactly 0, and at n of n the upper end is
 * exactly 1, as docs/scoring.md requires: the formula in doubles misses by an ulp
 * for one n in eight or so (0 of 11 gives 2.8e-17; 6 of 6 gives
 * 0.9999999999999999), and a bin of 100% forecasts that all came true would
 * then read "too high".
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): [number, number] | null {
  if (n <= 0) return null;
  const phat = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (phat + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  const lo = successes <= 0 ? 0 : Math.max(0, center - half);
  const hi = successes >= n ? 1 : Math.min(1, center + half);
  return [lo, hi];
}
