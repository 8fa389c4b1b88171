/**
 * Double-double running sums: a sum kept as an unevaluated pair hi + lo,
 * with |lo| <= half an ulp of hi, accurate to about 1e-32 of its size.
 *
 * Why: several scores are read off as the difference of two running sums
 * (an integral since the question's first forecast, sampled when an analyst's
 * window opens and again when it closes), or as a sum that has had many
 * values added and taken away again (the mean of the standing forecasts).
 * In plain doubles the last bit of an integral over years in milliseconds is
 * worth 1e-5, so a 1 ms window would come out wrong in the 5th digit; with a
 * second double holding the rounding errors the difference is exact to far
 * below any score's precision.
 *
 * The pairs live in two parallel Float64Arrays (hi, lo) so a tracker with
 * many sums allocates nothing per update.
 */

/**
 * Adds x to the pair (hi[i], lo[i]): Knuth's two-sum gives the exact rounding
 * error of hi + x, which is folded into lo, then the pair is renormalised.
 */
export function addExact(hi: Float64Array, lo: Float64Array, i: number, x: number): void {
  const a = hi[i] as number;
  const s = a + x;
  const bb = s - a;
  const err = a - (s - bb) + (x - bb);
  const l = (lo[i] as number) + err;
  const h = s + l;
  hi[i] = h;
  lo[i] = l - (h - s);
}

/**
 * (hi[i] + lo[i]) - (snapHi + snapLo), rounded once: the part of a running
 * sum added since the snapshot was taken, to about 1e-16 of itself however
 * large the running sum has grown.
 */
export function sinceSnapshot(hi: Float64Array, lo: Float64Array, i: number, snapHi: number, snapLo: number): number {
  return (hi[i] as number) - snapHi + ((lo[i] as number) - snapLo);
}
