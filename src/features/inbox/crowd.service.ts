/**
 * Crowd snapshots for the inbox's "the crowd has moved since your forecast"
 * test: the crowd standing just after each forecast and the crowd standing
 * now, per question, so the inbox compares stored vectors instead of
 * recomputing medians over every open question on each request.
 *
 * They are written off the request path (docs/performance.md): a forecast's
 * answer waits only for its own commit; the process's `CrowdSnapshots` then
 * writes the snapshots of every forecast accepted since its last pass, one
 * pass per burst. Imports rebuild them in their own transaction, and a start
 * rebuilds what a crash left missing.
 */
import type { Db } from '../../db/client';
import type { QuestionType } from '../../domain/questions';
import { crowdSeries } from '../../domain/scoring';
import * as repo from './crowd.repository';

/**
 * Passes start at least this far apart while forecasts keep arriving. Each
 * pass reads every analyst's standing forecast on its questions, a cost that
 * grows with the questions' histories; a second apart, it is paid once for
 * every second's forecasts (docs/performance.md). A reader never waits that
 * long: `flush` starts the next pass at once.
 */
export const CROWD_PASS_GAP_MS = 1000;

interface Pending {
  type: QuestionType;
  /** The earliest instant (epoch ms) of a forecast accepted since the last pass. */
  from: number;
}

/**
 * The per-process writer of crowd snapshots (made by createApp, carried in
 * AppContext like the token cache). `forecastAccepted` only records the
 * forecast; a pass begins on the next turn of the event loop and writes, in
 * one transaction, the snapshots of every forecast recorded by then, so a
 * burst of forecasts on a question costs one pass, not one each, and under a
 * stream of them passes start at most every CROWD_PASS_GAP_MS, unless a
 * reader is waiting (`flush`).
 *
 * A pass holds a per-question advisory lock while it reads and writes, so the
 * passes of several processes take turns and a question's snapshot only moves
 * forward. A failed pass is logged and dropped: its forecasts stay without a
 * snapshot (they cannot look "moved" in the inbox) until the next start's
 * repair, like a crash.
 */
export class CrowdSnapshots {
  private pending = new Map<number, Pending>();
  private pass: Promise<void> | null = null;
  /** Passes begun and passes ended (failed ones too), for `flush`. */
  private begun = 0;
  private ended = 0;
  private waiters: Array<{ until: number; resolve: () => void }> = [];
  /** Ends the wait between two passes early (set while the loop waits). */
  private wake: (() => void) | null = null;
  /** A reader waits: the next pass starts without the gap. */
  private hurry = false;

  constructor(
    private readonly db: Db,
    private readonly onError: (e: unknown) => void = (e) => console.error('Writing crowd snapshots failed:', e),
    private readonly gapMs = CROWD_PASS_GAP_MS,
  ) {}

  /** A forecast has committed: its snapshot (and the question's) will be written shortly. */
  forecastAccepted(q: { id: number; type: QuestionType }, forecast: { createdAt: Date }): void {
    const at = forecast.createdAt.getTime();
    const p = this.pending.get(q.id);
    if (p) p.from = Math.min(p.from, at);
    else this.pending.set(q.id, { type: q.type, from: at });
    this.pass ??= this.run();
  }

  /**
   * Resolves once every forecast recorded so far has its snapshot (the inbox
   * reads after this): they are in the pass under way, or in the next one,
   * which starts as soon as the one under way ends. Forecasts recorded
   * meanwhile are not waited for.
   */
  async flush(): Promise<void> {
    if (!this.pass) return;
    const until = this.pending.size > 0 ? this.begun + 1 : this.begun;
    if (this.ended >= until) return;
    this.hurry = true;
    this.wake?.();
    await new Promise<void>((resolve) => this.waiters.push({ until, resolve }));
  }

  private async run(): Promise<void> {
    // Let the forecasts answered in this turn of the event loop join the pass.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.pending.size > 0) {
        const started = performance.now();
        const batch = this.pending;
        this.pending = new Map();
        this.hurry = false;
        this.begun++;
        try {
          await writeSnapshots(this.db, batch);
        } catch (e) {
          this.onError(e);
        }
        this.passEnded();
        // Under a stream of forecasts a pass starts at most every gapMs, so each one carries more.
        const wait = started + this.gapMs - performance.now();
        if (this.pending.size > 0 && wait > 0 && !this.hurry) await this.sleep(wait);
      }
    } finally {
      this.pass = null;
    }
  }

  private passEnded(): void {
    this.ended++;
    const ready = this.waiters.filter((w) => w.until <= this.ended);
    this.waiters = this.waiters.filter((w) => w.until > this.ended);
    for (const w of ready) w.resolve();
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }
}

/**
 * The crowd just after each of `wanted` (every row when absent) and after the
 * last row, from rows in scoring order (createdAt, then id): a question's
 * forecasts, or the standing ones before some instant followed by every one
 * since. "Just after" follows that order, so of two forecasts made in the
 * same millisecond the first one's crowd leaves out the second: the series is
 * built over each row's place in that order instead of its time, one step per
 * forecast (under load, many share a millisecond; building one crowd per tie
 * cost more than the rest of the pass).
 */
function snapshotsOf(
  type: QuestionType,
  rows: ReadonlyArray<{ id: number; userId: number; createdAt: Date; probs: number[] }>,
  wanted?: ReadonlySet<number>,
) {
  const steps = crowdSeries(
    type,
    rows.map((f, place) => ({ id: f.id, analyst: String(f.userId), createdAt: place, probs: f.probs })),
  );
  const perForecast: Array<{ forecastId: number; probs: number[] }> = [];
  let k = 0;
  rows.forEach((f, place) => {
    while (k + 1 < steps.length && steps[k + 1]!.at <= place) k++;
    if (!wanted || wanted.has(f.id)) perForecast.push({ forecastId: f.id, probs: [...steps[k]!.probs] });
  });
  const last = steps[steps.length - 1]!;
  return { perForecast, last: { probs: [...last.probs], at: rows[rows.length - 1]!.createdAt } };
}

/** Rows grouped by question, as runs of consecutive rows with the same questionId. */
function* byQuestion<T extends { questionId: number }>(rows: readonly T[]): Generator<T[]> {
  let start = 0;
  while (start < rows.length) {
    let end = start;
    while (end < rows.length && rows[end]!.questionId === rows[start]!.questionId) end++;
    yield rows.slice(start, end);
    start = end;
  }
}

/** One pass: the snapshots of the pending forecasts of several questions, in one transaction. */
async function writeSnapshots(db: Db, batch: ReadonlyMap<number, Pending>): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.lockQuestionsCrowd(tx, [...batch.keys()]);
    await snapshotFrom(tx, batch);
  });
}

/**
 * Writes, for each question, the snapshots of its forecasts from `from` on
 * (every one, not only those a pass was told of: one that committed late,
 * concurrent writers reading the clock before their commits, changes the
 * crowd after the others) and the question's crowd now. The crowd before
 * `from` needs only the standing forecasts, which the read brings along.
 */
async function snapshotFrom(tx: Db, batch: ReadonlyMap<number, Pending>): Promise<void> {
  const rows = await repo.historiesFrom(
    tx,
    [...batch].map(([questionId, p]) => ({ questionId, from: new Date(p.from) })),
  );
  const perForecast: Array<{ forecastId: number; probs: number[] }> = [];
  const perQuestion: Array<{ questionId: number; probs: number[]; at: Date }> = [];
  for (const history of byQuestion(rows)) {
    const qid = history[0]!.questionId;
    const s = snapshotsOf(batch.get(qid)!.type, history, new Set(history.filter((r) => r.since).map((r) => r.id)));
    perForecast.push(...s.perForecast);
    perQuestion.push({ questionId: qid, ...s.last });
  }
  await repo.replaceCrowdSnapshots(tx, perForecast, perQuestion);
}

/** At start-up: rebuilds the snapshots of open questions holding a forecast without one (after a crash). */
export async function repairCrowdSnapshots(db: Db, now: Date): Promise<number> {
  const ids = await repo.openQuestionsMissingSnapshots(db, now);
  if (ids.length > 0) await db.transaction((tx) => rebuildCrowdSnapshots(tx, ids));
  return ids.length;
}

const BATCH = 200;

/** Rebuilds the snapshots of the unresolved questions among `ids` from their whole history (after an import). */
export async function rebuildCrowdSnapshots(tx: Db, ids: number[]): Promise<void> {
  const live = await repo.unresolvedQuestions(tx, ids);
  for (let i = 0; i < live.length; i += BATCH) {
    await snapshotFrom(tx, new Map(live.slice(i, i + BATCH).map((q) => [q.id, { type: q.type, from: 0 }])));
  }
}
