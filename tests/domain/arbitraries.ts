import fc from 'fast-check';
import type { QuestionType, ScoringForecast } from '../../src/domain/scoring/index.js';

export const typeArb = fc.constantFrom<QuestionType>('binary', 'categorical', 'ordinal');

/** Probability vectors with many ties and zeros (small integer weights), to stress medians. */
export function probsArb(type: QuestionType, K: number): fc.Arbitrary<number[]> {
  if (type === 'binary') {
    return fc
      .oneof(
        fc.constantFrom(0, 0.25, 0.5, 0.75, 1),
        fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
      )
      .map((p) => [1 - p, p]);
  }
  return fc
    .array(fc.integer({ min: 0, max: 4 }), { minLength: K, maxLength: K })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => {
      const total = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / total);
    });
}

export function optionCountArb(type: QuestionType): fc.Arbitrary<number> {
  if (type === 'binary') return fc.constant(2);
  return fc.integer({ min: type === 'ordinal' ? 3 : 2, max: 5 });
}

export interface Scenario {
  type: QuestionType;
  K: number;
  outcome: number;
  closesAt: number;
  occurredAt: number | null;
  resolvedAt: number;
  forecasts: ScoringForecast[];
}

/** A question with forecasts at integer instants 0..maxTime from `analysts` analysts; ids unique. */
export function scenarioArb(
  opts: { analysts?: number; maxForecasts?: number; maxTime?: number } = {},
): fc.Arbitrary<Scenario> {
  const names = Array.from({ length: opts.analysts ?? 6 }, (_, i) => `an${String.fromCharCode(97 + i)}`);
  const maxTime = opts.maxTime ?? 120;
  return typeArb.chain((type) =>
    optionCountArb(type).chain((K) =>
      fc.record({
        type: fc.constant(type),
        K: fc.constant(K),
        outcome: fc.integer({ min: 0, max: K - 1 }),
        closesAt: fc.integer({ min: 1, max: maxTime + 20 }),
        occurredAt: fc.option(fc.integer({ min: 1, max: maxTime + 20 }), { nil: null }),
        resolvedAt: fc.integer({ min: 1, max: maxTime + 20 }),
        forecasts: fc
          .array(
            fc.record({
              analyst: fc.constantFrom(...names),
              createdAt: fc.integer({ min: 0, max: maxTime }),
              probs: probsArb(type, K),
            }),
            { maxLength: opts.maxForecasts ?? 30 },
          )
          .map((fs) => fs.map((f, i) => ({ id: i + 1, ...f }))),
      }),
    ),
  );
}
