/**
 * Scores whose windows are tiny beside the question's span. The running
 * integrals of the relative Brier once ran from the question's first forecast,
 * and a 1 ms window was read off as the difference of two integrals of about
 * 1e11 ms * Brier, whose last bit alone is worth 1e-5: "-0.32500000119 where it
 * is exactly -0.325". Every score must hold to 1e-9 whatever the spans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreQuestion, type ScoringForecast } from '../../src/domain/scoring/index.js';
import { scenarioArb } from './arbitraries.js';
import { bin, near, referenceScores } from './helpers.js';

const DAY = 86_400_000;
const START = Date.UTC(2019, 0, 1);
const END = Date.UTC(2024, 0, 1);

/** ana and bob re-forecast every week for five years; cy forecasts once, 1 ms before end. */
function years(): ScoringForecast[] {
  const fs: ScoringForecast[] = [];
  for (let t = START; t < END - DAY; t += 7 * DAY) {
    fs.push(bin('ana', t, 0.6), bin('bob', t + 3 * DAY, 0.5));
  }
  fs.push(bin('cy', END - 1, 0.9));
  return fs;
}

describe('scores over a 1 ms window in a five-year question', () => {
  const s = scoreQuestion(
    { type: 'binary', closesAt: END },
    { outcome: 1, occurredAt: null, resolvedAt: END },
    years(),
  );
  const cy = s.analysts.find((a) => a.analyst === 'cy');

  it('relative Brier of the 1 ms analyst is exactly -0.39', () => {
    // cy: B = 2 (0.9 - 1)^2 = 0.02 on [END - 1, END); others: ana 2 (0.6 - 1)^2 = 0.32, bob 2 (0.5 - 1)^2 = 0.5,
    // median of two = (0.32 + 0.5) / 2 = 0.41. RB = 0.02 - 0.41 = -0.39.
    // (cy has the lowest Brier, so its median-of-others is the running integral of the lower class,
    // which has run since bob's first forecast five years earlier.)
    expect(near(cy?.relativeBrier, -0.39, 1e-12), `got ${cy?.relativeBrier}`).toBe(true);
    expect(cy?.timeWeightedBrier).toBeCloseTo(0.02, 14);
  });

  it('agrees with the naive reference for everyone', () => {
    const want = referenceScores('binary', END, 1, years());
    s.analysts.forEach((a, i) => {
      const w = want.analysts[i]!;
      expect(near(a.timeWeightedBrier, w.timeWeightedBrier), `${a.analyst} TWB`).toBe(true);
      expect(
        near(a.relativeBrier, w.relativeBrier ?? NaN),
        `${a.analyst} RB ${a.relativeBrier} vs ${w.relativeBrier}`,
      ).toBe(true);
    });
    expect(near(s.crowd?.timeWeightedBrier, want.crowd!.timeWeightedBrier)).toBe(true);
  });
});

describe('property: windows of milliseconds beside spans of years', () => {
  // Integer instants 0..100 are months from 2019; 101..140 are the last milliseconds before
  // month 100: the question runs for eight years and some analysts stand for a few ms only.
  const at = (t: number): number => (t <= 100 ? START + t * 30 * DAY : START + 100 * 30 * DAY + (t - 100));

  it('every score holds to 1e-9 against the naive reference', () => {
    fc.assert(
      fc.property(scenarioArb({ maxTime: 140, maxForecasts: 40 }), (s) => {
        const fs = s.forecasts.map((f) => ({ ...f, createdAt: at(f.createdAt) }));
        const r = {
          outcome: s.outcome,
          occurredAt: s.occurredAt === null ? null : at(s.occurredAt),
          resolvedAt: at(s.resolvedAt),
        };
        const got = scoreQuestion({ type: s.type, closesAt: at(s.closesAt) }, r, fs);
        const want = referenceScores(s.type, got.end, s.outcome, fs);
        got.analysts.forEach((a, i) => {
          const w = want.analysts[i]!;
          expect(
            near(a.timeWeightedBrier, w.timeWeightedBrier),
            `${a.analyst} TWB ${a.timeWeightedBrier} vs ${w.timeWeightedBrier}`,
          ).toBe(true);
          if (w.relativeBrier === null) expect(a.relativeBrier).toBeNull();
          else
            expect(
              near(a.relativeBrier, w.relativeBrier),
              `${a.analyst} RB ${a.relativeBrier} vs ${w.relativeBrier}`,
            ).toBe(true);
        });
        if (want.crowd !== null) expect(near(got.crowd?.timeWeightedBrier, want.crowd.timeWeightedBrier)).toBe(true);
        got.aggregates.forEach((a, i) => {
          const w = want.aggregates[i]!;
          expect(
            near(a.timeWeightedBrier, w.timeWeightedBrier),
            `${a.name} TWB ${a.timeWeightedBrier} vs ${w.timeWeightedBrier}`,
          ).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
