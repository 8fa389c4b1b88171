/**
 * Rollup deltas of a rescore: what the stored rollups move by when questions'
 * scores are taken out (-1) and put in (+1). Keys are nested Maps on numbers,
 * not strings built from doubles: a rescore of every question folds a few
 * million calibration events and recalibration terms, and formatting their
 * doubles into keys was the costliest part of it (docs/performance.md).
 */
import {
  addToBacktestSums,
  addToSums,
  AGGREGATE_NAMES,
  eachCalibrationEvent,
  eachRecalibrationTerm,
  emptyAnalystSums,
  emptyBacktestSums,
  type AggregateSums,
  type AnalystSums,
  type QuestionType,
} from '../../domain/scoring';
import type * as repo from './rescoring.repository';

/** One question's stored rows, as rollups see them. */
export interface QuestionRows {
  analysts: repo.ScoreRow[];
  crowd: repo.CrowdRow | undefined;
  aggregates: repo.AggregateRow[];
}

/** `map.get(key)`, made by `make` when missing. */
function at<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

const newMap = <K, V>() => new Map<K, V>();

/** w -> u -> o -> x -> row: the (w, u, o) of a term take a few values, x many. */
type TermTree<R> = Map<number, Map<number, Map<number, Map<number, R>>>>;

/** The row of term (w, u, o, x) in `tree`, made by `make` when missing. */
function termRow<R>(tree: TermTree<R>, w: number, u: number, o: number, x: number, make: () => R): R {
  const byX = at(
    at(at(tree, w, newMap<number, Map<number, Map<number, R>>>), u, newMap<number, Map<number, R>>),
    o,
    newMap<number, R>,
  );
  return at(byX, x, make);
}

/** Accumulates rollup deltas: `sign` +1 adds a question's scores, -1 takes them away. */
export class RollupDeltas {
  /** tag -> user -> sums */
  private analysts = new Map<string, Map<number, repo.AnalystRollupRow>>();
  private crowd = new Map<string, repo.CrowdRollupRow>();
  /** user -> p -> events */
  private calibration = new Map<number, Map<number, repo.CalibrationRollupRow>>();
  private aggregates = new Map<string, AggregateSums[]>();
  /** user -> w -> u -> o -> x -> count */
  private recalibration = new Map<number, TermTree<repo.RecalibrationRollupRow>>();

  add(type: QuestionType, tags: string[], rows: QuestionRows, sign: 1 | -1): void {
    const allTags = ['', ...new Set(tags)];
    for (const s of rows.analysts) {
      const userId = s.userId;
      for (const tag of allTags) {
        const byUser = at(this.analysts, tag, newMap<number, repo.AnalystRollupRow>);
        const r = at(byUser, userId, () => ({ userId, tag, ...emptyAnalystSums() }));
        addToSums(r as AnalystSums, s, sign);
      }
      // Calibration events are rolled up over all questions only: per tag they would
      // be most of the rows written at every rescore, for a view that reads a few
      // score rows anyway (scores.service computes tagged calibration from them).
      const byP = at(this.calibration, userId, newMap<number, repo.CalibrationRollupRow>);
      eachCalibrationEvent(type, s.finalProbs, s.outcome, (p, o) => {
        const c = at(byP, p, () => ({ userId, p, n: 0, hits: 0 }));
        c.n += sign;
        c.hits += sign * o;
      });
      // The recalibration's terms, over all questions like the calibration events.
      const tree = at(this.recalibration, userId, (): TermTree<repo.RecalibrationRollupRow> => new Map());
      eachRecalibrationTerm(type, s.finalProbs, s.outcome, (u, x, o, w) => {
        termRow(tree, w, u, o, x, () => ({ userId, w, u, x, o, n: 0 })).n += sign;
      });
    }
    // A question scored before the aggregates were stored has none: nothing to take out.
    if (rows.aggregates.length === AGGREGATE_NAMES.length) {
      for (const tag of allTags) addToBacktestSums(at(this.aggregates, tag, emptyBacktestSums), rows.aggregates, sign);
    }
    if (rows.crowd) {
      for (const tag of allTags) {
        const r = at(this.crowd, tag, () => ({
          tag,
          questions: 0,
          sumBrier: 0,
          sumTimeWeightedBrier: 0,
          sumLogLoss: 0,
        }));
        r.questions += sign;
        r.sumBrier += sign * rows.crowd.finalBrier;
        r.sumTimeWeightedBrier += sign * rows.crowd.timeWeightedBrier;
        r.sumLogLoss += sign * rows.crowd.finalLogLoss;
      }
    }
  }

  /**
   * The non-zero deltas, ready for repo.applyRollupDeltas. A delta counts when
   * any of its sums moved: a re-resolution can keep an analyst's question count,
   * final and time-weighted Brier (a single forecast) and move only the
   * relative Brier or the log loss.
   */
  rows() {
    const moved = (r: object) => Object.values(r).some((v) => typeof v === 'number' && v !== 0);
    const calibration = [...this.calibration.values()].flatMap((byP) => [...byP.values()]);
    const recalibration: repo.RecalibrationRollupRow[] = [];
    for (const byW of this.recalibration.values())
      for (const byU of byW.values())
        for (const byO of byU.values())
          for (const byX of byO.values()) for (const r of byX.values()) recalibration.push(r);
    // The pooled rollups move by the per-analyst deltas summed over analysts
    // (integer counts, so exactly): one pass over the deltas, not per event.
    const pooledCalibration = new Map<number, repo.PooledCalibrationRollupRow>();
    for (const c of calibration) {
      const pc = at(pooledCalibration, c.p, () => ({ p: c.p, n: 0, hits: 0 }));
      pc.n += c.n;
      pc.hits += c.hits;
    }
    const pooledTree: TermTree<repo.PooledRecalibrationRollupRow> = new Map();
    const pooled: repo.PooledRecalibrationRollupRow[] = [];
    for (const r of recalibration) {
      const make = () => {
        const row = { w: r.w, u: r.u, x: r.x, o: r.o, n: 0 };
        pooled.push(row);
        return row;
      };
      termRow(pooledTree, r.w, r.u, r.o, r.x, make).n += r.n;
    }
    return {
      analysts: [...this.analysts.values()]
        .flatMap((byUser) => [...byUser.values()])
        .filter(({ userId: _u, ...sums }) => moved(sums)),
      crowd: [...this.crowd.values()].filter((r) => moved(r)),
      calibration: calibration.filter((r) => r.n !== 0 || r.hits !== 0),
      aggregates: [...this.aggregates.entries()].flatMap(([tag, sums]) =>
        sums.map((a): repo.AggregateRollupRow => ({ tag, ...a })).filter(({ name: _n, tag: _t, ...v }) => moved(v)),
      ),
      recalibration: recalibration.filter((r) => r.n !== 0),
      pooledCalibration: [...pooledCalibration.values()].filter((r) => r.n !== 0 || r.hits !== 0),
      pooledRecalibration: pooled.filter((r) => r.n !== 0),
    };
  }
}
