/**
 * Scoring the questions an import creates from the forecasts it holds in
 * memory, while its COPY writes those forecasts (archive.import.ts). The COPY
 * keeps PostgreSQL busy and leaves the process mostly waiting; the scores are
 * computed in that wait, on the other core, instead of after it from a
 * million forecasts read back (docs/performance.md).
 *
 * The scores are the ones rescoreQuestions stores: the same chunk scoring
 * (rescoring.service.ts) over the same forecasts and the same standing
 * resolutions, read from the database. A held forecast's id is its place in
 * the order the import writes them, in which the ids the database gives
 * ascend: ids only order forecasts made in the same millisecond.
 */
import type { Db } from '../../db/client';
import * as repo from './rescoring.repository';
import { scoreChunk, type ChunkInput } from './rescoring.service';
import { RollupDeltas } from './rollup-deltas';
import { applyRollupDeltas } from './rollups.repository';

type HeldQuestions = ChunkInput['qs'];

/**
 * A slice's score rows, column by column, until the COPY is done: about 90
 * bytes a row against 250 as objects (the 1M-forecast archive has 449,267).
 */
class ScoreBlock {
  /** questionId, userId, outcome, scoredForecasts */
  private readonly ints: Int32Array;
  /** end (epoch ms), finalBrier, timeWeightedBrier, relativeBrier (NaN: null), finalLogLoss */
  private readonly nums: Float64Array;
  /** finalProbs of row i: probs[starts[i]] up to probs[starts[i + 1]] */
  private readonly starts: Int32Array;
  private readonly probs: Float64Array;

  constructor(rows: readonly repo.ScoreRow[]) {
    const n = rows.length;
    this.ints = new Int32Array(4 * n);
    this.nums = new Float64Array(5 * n);
    this.starts = new Int32Array(n + 1);
    let size = 0;
    for (const r of rows) size += r.finalProbs.length;
    this.probs = new Float64Array(size);
    let at = 0;
    rows.forEach((r, i) => {
      this.ints.set([r.questionId, r.userId, r.outcome, r.scoredForecasts], 4 * i);
      this.nums.set(
        [r.end.getTime(), r.finalBrier, r.timeWeightedBrier, r.relativeBrier ?? Number.NaN, r.finalLogLoss],
        5 * i,
      );
      this.starts[i] = at;
      this.probs.set(r.finalProbs, at);
      at += r.finalProbs.length;
    });
    this.starts[n] = at;
  }

  *rows(): Generator<repo.ScoreRow> {
    const { ints, nums, starts, probs } = this;
    for (let i = 0; i + 1 < starts.length; i++) {
      const relative = nums[5 * i + 3]!;
      yield {
        questionId: ints[4 * i]!,
        userId: ints[4 * i + 1]!,
        outcome: ints[4 * i + 2]!,
        scoredForecasts: ints[4 * i + 3]!,
        end: new Date(nums[5 * i]!),
        finalBrier: nums[5 * i + 1]!,
        timeWeightedBrier: nums[5 * i + 2]!,
        relativeBrier: Number.isNaN(relative) ? null : relative,
        finalLogLoss: nums[5 * i + 4]!,
        finalProbs: Array.from(probs.subarray(starts[i]!, starts[i + 1]!)),
      };
    }
  }
}

/** The computed scores of held questions, and the rollups' move, until they are written. */
export interface HeldScores {
  analysts: ScoreBlock[];
  crowds: repo.CrowdRow[];
  aggregates: repo.AggregateRow[];
  deltas: RollupDeltas;
}

const READ_CHUNK = 250;
/** Questions scored between two turns of the event loop: a few milliseconds, so the COPY is never kept waiting. */
const SLICE = 25;

/**
 * The questions with their standing resolutions, read before the COPY starts
 * (nothing else may be sent on the connection during it). Only those a
 * resolution stands on, not annulled, are scored.
 */
export async function readHeldQuestions(tx: Db, ids: readonly number[]): Promise<HeldQuestions> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const chunks: number[][] = [];
  for (let i = 0; i < sorted.length; i += READ_CHUNK) chunks.push(sorted.slice(i, i + READ_CHUNK));
  const read = await Promise.all(chunks.map((c) => repo.questionsWithStanding(tx, c)));
  return read.flat().filter(({ standing }) => standing !== undefined && !standing.annulled);
}

/**
 * Scores the held questions, in id order, a slice at a time, yielding to the
 * event loop between slices. Sends no statement. `forecastsOf` gives a
 * question's forecasts (held ids, any order). Once `signal` is aborted (the
 * COPY failed) it stops at the next slice, rejecting with the signal's reason.
 */
export async function scoreHeld(
  qs: HeldQuestions,
  forecastsOf: (questionId: number) => repo.ScoringForecastRow[],
  signal?: AbortSignal,
): Promise<HeldScores> {
  const out: HeldScores = { analysts: [], crowds: [], aggregates: [], deltas: new RollupDeltas() };
  const ordered = [...qs].sort((a, b) => a.question.id - b.question.id);
  for (let i = 0; i < ordered.length; i += SLICE) {
    signal?.throwIfAborted();
    const slice = ordered.slice(i, i + SLICE);
    const forecasts = slice.flatMap(({ question }) => forecastsOf(question.id));
    const rows = scoreChunk({ qs: slice, old: null, forecasts }, out.deltas);
    out.analysts.push(new ScoreBlock(rows.analysts));
    for (const r of rows.crowds) out.crowds.push(r);
    for (const r of rows.aggregates) out.aggregates.push(r);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Writes held scores (COPY on a server) and moves the rollups by them. */
export async function writeHeldScores(tx: Db, s: HeldScores): Promise<void> {
  await repo.copyScores(
    tx,
    (function* () {
      for (const block of s.analysts) yield* block.rows();
    })(),
    s.crowds,
    s.aggregates,
  );
  await applyRollupDeltas(tx, s.deltas.rows());
}
