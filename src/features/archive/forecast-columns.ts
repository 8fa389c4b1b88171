/**
 * The forecasts of an archive being imported, column by column in typed
 * arrays: a million forecasts take some 40 MB here, against several hundred
 * as one object each (the import must stay under 1 GB at that size).
 */

import { binaryProbs } from '../../domain/scoring';

/** One forecast as the archive gave it, before it is checked against its question. */
export interface ForecastInput {
  /** its place in the archive's forecasts array */
  index: number;
  question: string;
  user: string;
  /** createdAt, epoch ms */
  t: number;
  probability: number | undefined;
  probabilities: number[] | undefined;
  rationale: string | null;
}

/** Strings stored once, referred to by number. */
class Dictionary {
  readonly values: string[] = [];
  private ids = new Map<string, number>();
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

export class ForecastColumns {
  length = 0;
  private readonly keys = new Dictionary();
  private readonly handles = new Dictionary();
  private index = new Int32Array(1024);
  private question = new Int32Array(1024);
  private user = new Int32Array(1024);
  private time = new Float64Array(1024);
  /** P(yes), or NaN when the forecast gave no `probability` */
  private probability = new Float64Array(1024);
  /** where the forecast's `probabilities` start in `flat`, and how many (-1: none given) */
  private start = new Int32Array(1024);
  private count = new Int32Array(1024);
  private flat = new Float64Array(4096);
  private used = 0;
  private rationales: Array<string | null> = [];

  push(f: ForecastInput): void {
    const i = this.length;
    if (i === this.index.length) {
      const n = i * 2;
      this.index = grow(this.index, n);
      this.question = grow(this.question, n);
      this.user = grow(this.user, n);
      this.time = grow(this.time, n);
      this.probability = grow(this.probability, n);
      this.start = grow(this.start, n);
      this.count = grow(this.count, n);
    }
    this.index[i] = f.index;
    this.question[i] = this.keys.id(f.question);
    this.user[i] = this.handles.id(f.user);
    this.time[i] = f.t;
    this.probability[i] = f.probability ?? Number.NaN;
    if (f.probabilities) {
      this.flat = grow(this.flat, this.used + f.probabilities.length);
      this.flat.set(f.probabilities, this.used);
      this.start[i] = this.used;
      this.count[i] = f.probabilities.length;
      this.used += f.probabilities.length;
    } else {
      this.start[i] = 0;
      this.count[i] = -1;
    }
    this.rationales.push(f.rationale);
    this.length = i + 1;
  }

  /** The forecast at row i, as given. */
  get(i: number): ForecastInput {
    const p = this.probability[i]!;
    return {
      index: this.index[i]!,
      question: this.keys.values[this.question[i]!]!,
      user: this.handles.values[this.user[i]!]!,
      t: this.time[i]!,
      probability: Number.isNaN(p) ? undefined : p,
      probabilities: this.probabilitiesOf(i),
      rationale: this.rationales[i]!,
    };
  }

  /** createdAt of row i, epoch ms. */
  timeOf(i: number): number {
    return this.time[i]!;
  }

  /** The probability vector of row i: its `probabilities`, or (1 - p, p) from its `probability`. */
  probsOf(i: number): number[] {
    return this.probabilitiesOf(i) ?? binaryProbs(this.probability[i]!);
  }

  /** The `probabilities` row i gave, if any. */
  private probabilitiesOf(i: number): number[] | undefined {
    const k = this.count[i]!;
    if (k < 0) return undefined;
    const s = this.start[i]!;
    return Array.from(this.flat.subarray(s, s + k));
  }

  /** The rationale of row i, let go once read: the import writes each row once, and a million rationales weigh more than the rest. */
  takeRationale(i: number): string | null {
    const r = this.rationales[i]!;
    this.rationales[i] = null;
    return r;
  }

  /** The question key of row i. */
  questionOf(i: number): string {
    return this.keys.values[this.question[i]!]!;
  }

  /** The user handle of row i. */
  userOf(i: number): string {
    return this.handles.values[this.user[i]!]!;
  }

  /** Every question key the forecasts name, once. */
  questionKeys(): readonly string[] {
    return this.keys.values;
  }

  /** Lets the memory go (the import is done with the rows). */
  clear(): void {
    this.length = 0;
    this.index = new Int32Array(0);
    this.question = new Int32Array(0);
    this.user = new Int32Array(0);
    this.time = new Float64Array(0);
    this.probability = new Float64Array(0);
    this.start = new Int32Array(0);
    this.count = new Int32Array(0);
    this.flat = new Float64Array(0);
    this.used = 0;
    this.rationales = [];
  }
}
