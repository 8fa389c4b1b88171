/**
 * Test helpers: forecast builders and a deliberately naive reference
 * implementation of docs/scoring.md (standing forecasts recomputed from scratch on
 * every interval, medians by sorting) that the fast code is checked against.
 */
import type { QuestionType, ScoringForecast } from '../../src/domain/scoring/index.js';

let nextId = 1;

/** A binary forecast of P(yes) = p. */
export function bin(analyst: string, createdAt: number, p: number, id = nextId++): ScoringForecast {
  return { id, analyst, createdAt, probs: [1 - p, p] };
}

/** A categorical or ordinal forecast. */
export function vec(analyst: string, createdAt: number, probs: number[], id = nextId++): ScoringForecast {
  return { id, analyst, createdAt, probs };
}

function refBrier(type: QuestionType, f: readonly number[], j: number): number {
  const o: number[] = f.map((_, k) => (k === j ? 1 : 0));
  if (type === 'binary') return 2 * ((f[1] as number) - (o[1] as number)) ** 2;
  if (type === 'ordinal') {
    let s = 0;
    for (let k = 1; k <= f.length - 1; k++) {
      const F = f.slice(0, k).reduce((a, b) => a + b, 0);
      const O = o.slice(0, k).reduce((a, b) => a + b, 0);
      s += (F - O) ** 2;
    }
    return (2 / (f.length - 1)) * s;
  }
  return f.reduce((s, fk, k) => s + (fk - (o[k] as number)) ** 2, 0);
}

function refMedian(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

export interface RefAnalyst {
  analyst: string;
  finalBrier: number;
  timeWeightedBrier: number;
  relativeBrier: number | null;
}

export interface RefAggregate {
  name: string;
  timeWeightedBrier: number;
  finalBrier: number;
  finalLogLoss: number;
  finalProbs: number[];
}

export interface RefScores {
  analysts: RefAnalyst[];
  crowd: { timeWeightedBrier: number; finalBrier: number; finalProbs: number[] } | null;
  /** median, mean, geometric, extremized; empty without a scored forecast */
  aggregates: RefAggregate[];
}

/**
 * A team aggregate of the standing forecasts, straight from docs/scoring.md's
 * table: per outcome the mean, or exp(d * mean ln(max(v, 0.001))) divided by
 * the sum (d = 1 geometric, 1.5 extremized). Binary questions pool P(yes) and
 * set no = 1 - yes, like the crowd.
 */
export function refAggregate(name: string, type: QuestionType, standing: Array<readonly number[]>): number[] {
  if (name === 'median') return refCrowd(type, standing);
  const K = (standing[0] as readonly number[]).length;
  const n = standing.length;
  let v: number[];
  if (name === 'mean') {
    v = Array.from({ length: K }, (_, k) => standing.reduce((s, f) => s + (f[k] as number), 0) / n);
  } else {
    const d = name === 'geometric' ? 1 : 1.5;
    const g = Array.from({ length: K }, (_, k) =>
      Math.exp((d * standing.reduce((s, f) => s + Math.log(Math.max(f[k] as number, 0.001)), 0)) / n),
    );
    const total = g.reduce((a, b) => a + b, 0);
    v = g.map((x) => x / total);
  }
  return type === 'binary' ? [1 - (v[1] as number), v[1] as number] : v;
}

const REF_AGGREGATES = ['median', 'mean', 'geometric', 'extremized'];

/** Crowd forecast from the standing forecasts, straight from the definition. */
export function refCrowd(type: QuestionType, standing: Array<readonly number[]>): number[] {
  if (type === 'binary') {
    const p = refMedian(standing.map((f) => f[1] as number));
    return [1 - p, p];
  }
  const K = (standing[0] as readonly number[]).length;
  const med = Array.from({ length: K }, (_, k) => refMedian(standing.map((f) => f[k] as number)));
  const total = med.reduce((a, b) => a + b, 0);
  if (total === 0)
    return Array.from({ length: K }, (_, k) => standing.reduce((s, f) => s + (f[k] as number), 0) / standing.length);
  return med.map((m) => m / total);
}

/** docs/scoring.md, naively: O(instants * forecasts), no cleverness. */
export function referenceScores(
  type: QuestionType,
  end: number,
  outcome: number,
  forecasts: readonly ScoringForecast[],
): RefScores {
  const scored = forecasts.filter((f) => f.createdAt < end).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  if (scored.length === 0) return { analysts: [], crowd: null, aggregates: [] };
  const names = [...new Set(scored.map((f) => f.analyst))].sort();
  const times = [...new Set(scored.map((f) => f.createdAt))].sort((a, b) => a - b);
  const bounds = [...times, end];
  const standingAt = (who: string, t: number): ScoringForecast | undefined => {
    let last: ScoringForecast | undefined;
    for (const f of scored) if (f.analyst === who && f.createdAt <= t) last = f;
    return last;
  };
  const analysts: RefAnalyst[] = names.map((a) => {
    const mine = scored.filter((f) => f.analyst === a);
    const t1 = (mine[0] as ScoringForecast).createdAt;
    const fn = mine[mine.length - 1] as ScoringForecast;
    let twb = 0;
    let rel = 0;
    let sLen = 0;
    for (let i = 0; i < times.length; i++) {
      const lo = bounds[i] as number;
      const hi = bounds[i + 1] as number;
      if (lo < t1) continue;
      const own = standingAt(a, lo) as ScoringForecast;
      const b = refBrier(type, own.probs, outcome);
      twb += (b * (hi - lo)) / (end - t1);
      const others = names
        .filter((x) => x !== a)
        .map((x) => standingAt(x, lo))
        .filter((f): f is ScoringForecast => f !== undefined)
        .map((f) => refBrier(type, f.probs, outcome));
      if (others.length > 0) {
        rel += (b - refMedian(others)) * (hi - lo);
        sLen += hi - lo;
      }
    }
    return {
      analyst: a,
      finalBrier: refBrier(type, fn.probs, outcome),
      timeWeightedBrier: twb,
      relativeBrier: names.length > 1 ? rel / sLen : null,
    };
  });
  const t0 = times[0] as number;
  const aggregates: RefAggregate[] = REF_AGGREGATES.map((name) => {
    let twb = 0;
    let last: number[] = [];
    for (let i = 0; i < times.length; i++) {
      const lo = bounds[i] as number;
      const hi = bounds[i + 1] as number;
      const standing = names.map((x) => standingAt(x, lo)).filter((f): f is ScoringForecast => f !== undefined);
      last = refAggregate(
        name,
        type,
        standing.map((f) => f.probs),
      );
      twb += (refBrier(type, last, outcome) * (hi - lo)) / (end - t0);
    }
    return {
      name,
      timeWeightedBrier: twb,
      finalBrier: refBrier(type, last, outcome),
      finalLogLoss: -Math.log(Math.max(last[outcome] as number, 0.001)),
      finalProbs: last,
    };
  });
  const median = aggregates[0] as RefAggregate;
  return {
    analysts,
    crowd: {
      timeWeightedBrier: median.timeWeightedBrier,
      finalBrier: median.finalBrier,
      finalProbs: median.finalProbs,
    },
    aggregates,
  };
}

/**
 * |got - want| <= tol * max(1, |want|): within tol absolutely for scores of
 * order 1 or less, relatively for larger ones ("every score holds to 1e-9,
 * absolute or relative").
 */
export function near(got: number | null | undefined, want: number, tol = 1e-9): boolean {
  return typeof got === 'number' && Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));
}
