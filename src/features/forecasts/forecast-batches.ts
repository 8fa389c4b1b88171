/**
 * Group commit for forecasts: those that arrive while the write transactions
 * are busy share the next one (one BEGIN, one lock statement, one insert of
 * them all with their audit entries, one COMMIT), so under a burst the
 * database and the server spend a transaction per batch rather than per
 * forecast (docs/performance.md, bench:load). Alone, a forecast goes on the
 * next turn of the event loop, by itself.
 *
 * Each forecast keeps its guarantees: its time is read after its question is
 * locked (the batch's lock), none lands after a resolution that committed
 * first, each is audited, and none is answered before the COMMIT that holds it.
 */
import { writeConcurrency, type Db } from '../../db/client';
import { pgErrorCode } from '../../db/errors';
import * as repo from './forecasts.repository';

/** At most this many forecasts share a transaction. */
export const MAX_BATCH = 64;

interface Waiting {
  request: repo.ForecastRequest;
  settle: (outcome: repo.ForecastOutcome) => void;
}

/** SQLSTATE classes a single forecast's data could cause (22 data exception, 23 integrity). */
const ofOneForecast = (e: unknown) => /^2[23]/.test(pgErrorCode(e) ?? '');

export class ForecastBatches {
  private waiting: Waiting[] = [];
  private running = 0;
  private scheduled = false;
  private readonly slots: number;

  constructor(private readonly db: Db) {
    this.slots = writeConcurrency(db);
  }

  /** Writes one forecast (in the next batch) and tells what became of it. */
  write(request: repo.ForecastRequest): Promise<repo.ForecastOutcome> {
    return new Promise((settle) => {
      this.waiting.push({ request, settle });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.slots || this.waiting.length === 0) return;
    this.scheduled = true;
    // The forecasts that arrive in this turn of the event loop go together.
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.slots && this.waiting.length > 0) void this.run(this.waiting.splice(0, MAX_BATCH));
    });
  }

  private async run(batch: Waiting[]): Promise<void> {
    this.running++;
    try {
      await this.writeBatch(batch);
    } finally {
      this.running--;
      this.schedule();
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await repo.lockAndInsertForecasts(
        this.db,
        batch.map((w) => w.request),
      );
      batch.forEach((w, i) => w.settle(outcomes[i]!));
    } catch (error) {
      // One forecast's data must not cost the others theirs: each is tried alone.
      if (batch.length > 1 && ofOneForecast(error)) {
        for (const w of batch) await this.writeBatch([w]);
        return;
      }
      for (const w of batch) w.settle({ ok: false, error });
    }
  }
}

const batchesByDb = new WeakMap<Db, ForecastBatches>();

/** The batches of forecasts written to a database (one writer per database per process). */
export function forecastBatchesOf(db: Db): ForecastBatches {
  let batches = batchesByDb.get(db);
  if (!batches) batchesByDb.set(db, (batches = new ForecastBatches(db)));
  return batches;
}
