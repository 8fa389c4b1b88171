/** The coaching sentences of web/coaching.js, from the API's numbers. */
import { describe, expect, it } from 'vitest';
import { backtestSentence, recalibrationSentence, verdictSentences } from '../../web/coaching.js';

const bin = (lo: number, n: number, mf: number, of: number, ci: [number, number], verdict: string | null) => ({
  lo,
  hi: lo + 0.1,
  n,
  meanForecast: mf,
  observedFrequency: of,
  ci95: ci,
  verdict: verdict as 'tooHigh' | 'tooLow' | 'consistent' | null,
});

describe('verdictSentences', () => {
  it("words the issue's example and leaves consistent and empty bins out", () => {
    const bins = [
      { lo: 0, hi: 0.1, n: 0, meanForecast: null, observedFrequency: null, ci95: null, verdict: null },
      bin(0.5, 10, 0.55, 0.5, [0.237, 0.763], 'consistent'),
      bin(0.6, 10, 0.6, 1, [0.722, 1], 'tooLow'),
      bin(0.9, 36, 0.965, 0.806, [0.65, 0.9], 'tooHigh'),
    ];
    expect(verdictSentences(bins, 'You')).toEqual([
      'At 60–70% you said 60% on average and it happened 100% of the time (95% interval 72–100%): too low.',
      'At 90–100% you said 96.5% on average and it happened 80.6% of the time (95% interval 65–90%): too high.',
    ]);
    expect(verdictSentences(bins, 'Ana')[0]).toMatch(/^At 60–70% Ana said/);
  });
});

describe('recalibrationSentence', () => {
  const r = (forecasts: number, meanBrier: number, k: number, atK: number) => ({
    forecasts,
    meanBrier,
    k,
    meanBrierAtK: atK,
    improvement: meanBrier - atK,
  });
  it("k < 1: the issue's overconfidence sentence", () => {
    expect(recalibrationSentence(r(40, 0.42, 0.7, 0.37), 'You')).toEqual({
      kind: 'advice',
      text: 'You were overconfident: moving every forecast 30% of the way toward even odds would have cut your mean Brier from 0.42 to 0.37.',
    });
  });
  it('k > 1: push further, "roughly" for forecasts with 3 or more options', () => {
    const s = recalibrationSentence(r(40, 0.32, 3, 0.08), 'Hed', true);
    expect(s.kind).toBe('advice');
    expect(s.text).toBe(
      'Hed was underconfident: pushing every forecast 200% further from even odds would have cut their mean Brier from 0.32 to roughly 0.08.',
    );
  });
  it('says nothing confident on a small sample or a negligible improvement, and says so', () => {
    const small = recalibrationSentence(r(12, 0.5, 0.5, 0.42), 'You');
    expect(small.kind).toBe('none');
    expect(small.text).toMatch(/only 12 resolved forecasts, there is too little to say/);
    const slight = recalibrationSentence(r(200, 0.3, 0.97, 0.2995), 'You');
    expect(slight.kind).toBe('none');
    expect(slight.text).toMatch(/nothing to change/);
    expect(
      recalibrationSentence({ forecasts: 0, meanBrier: null, k: null, meanBrierAtK: null, improvement: null }, 'You')
        .kind,
    ).toBe('none');
  });
});

describe('backtestSentence', () => {
  const agg = (name: string, twb: number, vs: null | [number, [number, number]]) => ({
    name: name as 'median',
    questions: 30,
    meanBrier: twb,
    meanTimeWeightedBrier: twb,
    meanLogLoss: 0.5,
    timeWeightedBrierCi95: [twb - 0.05, twb + 0.05] as [number, number],
    vsMedian: vs ? { mean: vs[0], ci95: vs[1] } : null,
  });
  it('names the best and admits when the difference is within noise', () => {
    const noisy = backtestSentence({
      questions: 30,
      aggregates: [
        agg('median', 0.3, null),
        agg('mean', 0.31, [0.01, [-0.01, 0.03]]),
        agg('geometric', 0.295, [-0.005, [-0.02, 0.01]]),
        agg('extremized', 0.32, [0.02, [-0.01, 0.05]]),
      ],
    });
    expect(noisy).toMatch(/^The geometric mean of odds has scored best on these 30 resolved questions/);
    expect(noisy).toMatch(/within noise/);
    const clear = backtestSentence({
      questions: 30,
      aggregates: [
        agg('median', 0.3, null),
        agg('mean', 0.31, [0.01, [0.001, 0.02]]),
        agg('geometric', 0.29, [-0.01, [-0.02, -0.001]]),
        agg('extremized', 0.28, [-0.02, [-0.03, -0.01]]),
      ],
    });
    expect(clear).toMatch(
      /^The extremized mean of odds \(d = 1\.5\) has scored best.*more than noise would explain\.$/,
    );
    expect(backtestSentence({ questions: 0, aggregates: [] })).toMatch(/nothing to compare/);
  });
});
