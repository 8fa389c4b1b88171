import { describe, expect, it } from 'vitest';
import {
  scoreQuestion,
  scoringEnd,
  type AnalystQuestionScore,
  type QuestionScores,
  type ScoringForecast,
  type ScoringQuestion,
  type ScoringResolution,
} from '../../src/domain/scoring/index.js';
import { bin, vec } from './helpers.js';

const DIGITS = 12;

function byName(s: QuestionScores, name: string): AnalystQuestionScore {
  const a = s.analysts.find((x) => x.analyst === name);
  if (a === undefined) throw new Error(`no analyst ${name}`);
  return a;
}

function resolved(outcome: number, resolvedAt: number, occurredAt: number | null = null): ScoringResolution {
  return { outcome, occurredAt, resolvedAt };
}

describe('scoringEnd', () => {
  it.each([
    { closesAt: 100, occurredAt: 50, resolvedAt: 200, end: 50, why: 'occurredAt before close' },
    { closesAt: 100, occurredAt: null, resolvedAt: 80, end: 80, why: 'no occurredAt: resolvedAt is used' },
    { closesAt: 100, occurredAt: null, resolvedAt: 300, end: 100, why: 'resolved after close' },
    { closesAt: 100, occurredAt: 150, resolvedAt: 300, end: 100, why: 'closesAt before occurredAt' },
    { closesAt: 100, occurredAt: 150, resolvedAt: 90, end: 100, why: 'occurredAt wins over an earlier resolvedAt' },
  ])('$why -> $end', ({ closesAt, occurredAt, resolvedAt, end }) => {
    expect(scoringEnd({ type: 'binary', closesAt }, { outcome: 1, occurredAt, resolvedAt })).toBe(end);
  });
});

describe('docs/scoring.md worked example (binary, yes, window 0..100)', () => {
  const question: ScoringQuestion = { type: 'binary', closesAt: 100 };
  const forecasts = [
    bin('ana', 0, 0.6),
    bin('ana', 50, 0.9),
    bin('ben', 20, 0.3),
    bin('cy', 40, 0.5),
    bin('cy', 90, 0.2),
  ];
  const s = scoreQuestion(question, resolved(1, 100), forecasts);

  it('has end 100 and the analysts in code point order', () => {
    expect(s.end).toBe(100);
    expect(s.analysts.map((a) => a.analyst)).toEqual(['ana', 'ben', 'cy']);
  });

  it('scores ana: final 0.02, TWB 0.17, RB -0.71625', () => {
    const ana = byName(s, 'ana');
    expect(ana.finalBrier).toBeCloseTo(0.02, DIGITS);
    expect(ana.timeWeightedBrier).toBeCloseTo(0.17, DIGITS);
    expect(ana.relativeBrier).toBeCloseTo(-0.71625, DIGITS);
    expect(ana.finalLogLoss).toBeCloseTo(-Math.log(0.9), DIGITS);
    expect(ana.finalProbs[1]).toBe(0.9);
    expect(ana.firstAt).toBe(0);
    expect(ana.scoredForecasts).toBe(2);
  });

  it('scores ben: final 0.98, TWB 0.98, RB 0.6375', () => {
    const ben = byName(s, 'ben');
    expect(ben.finalBrier).toBeCloseTo(0.98, DIGITS);
    expect(ben.timeWeightedBrier).toBeCloseTo(0.98, DIGITS);
    expect(ben.relativeBrier).toBeCloseTo(0.6375, DIGITS);
    expect(ben.firstAt).toBe(20);
  });

  it('scores cy (worked by hand)', () => {
    // cy: 0.5 from 40 (B = 2(0.5-1)^2 = 0.5), 0.2 from 90 (B = 2(0.2-1)^2 = 1.28).
    // final 1.28; TWB = (0.5*50 + 1.28*10) / 60 = 37.8 / 60 = 0.63.
    // RB over S = [40, 100): others' median = median(ana 0.32, ben 0.98) = 0.65 on [40,50),
    // median(0.02, 0.98) = 0.5 on [50,100).
    // RB = ((0.5-0.65)*10 + (0.5-0.5)*40 + (1.28-0.5)*10) / 60 = (-1.5 + 0 + 7.8) / 60 = 0.105.
    const cy = byName(s, 'cy');
    expect(cy.finalBrier).toBeCloseTo(1.28, DIGITS);
    expect(cy.timeWeightedBrier).toBeCloseTo(0.63, DIGITS);
    expect(cy.relativeBrier).toBeCloseTo(0.105, DIGITS);
    expect(cy.finalLogLoss).toBeCloseTo(-Math.log(0.2), DIGITS);
  });

  it('scores the crowd: TWB 0.533, final = median(0.9, 0.3, 0.2) = 0.3', () => {
    const crowd = s.crowd;
    expect(crowd).not.toBeNull();
    expect(crowd?.timeWeightedBrier).toBeCloseTo(0.533, DIGITS);
    expect(crowd?.finalProbs).toEqual([0.7, 0.3]);
    expect(crowd?.finalBrier).toBeCloseTo(0.98, DIGITS);
    expect(crowd?.finalLogLoss).toBeCloseTo(-Math.log(0.3), DIGITS);
    expect(crowd?.firstAt).toBe(0);
  });
});

describe('hand-worked categorical question (K = 3, outcome 2)', () => {
  // closes 100, occurred 80 -> end = 80. o = (0, 0, 1).
  //   ana  0: (0.5, 0.3, 0.2)    B = 0.25 + 0.09 + 0.64 = 0.98
  //   ana 40: (0.2, 0.2, 0.6)    B = 0.04 + 0.04 + 0.16 = 0.24
  //   ben 20: (0.1, 0.1, 0.8)    B = 0.01 + 0.01 + 0.04 = 0.06
  //   cy  60: (0.05, 0.9, 0.05)  B = 0.0025 + 0.81 + 0.9025 = 1.715
  //   dee 80: (0, 0, 1)          at end: not scored, dee did not participate
  // ana: final 0.24; TWB = (0.98*40 + 0.24*40) / 80 = 0.61.
  //   RB over [20, 80): [20,40) 0.98 - ben 0.06 = 0.92 (x20 = 18.4); [40,60) 0.24 - 0.06 = 0.18 (x20 = 3.6);
  //   [60,80) 0.24 - median(0.06, 1.715) = 0.24 - 0.8875 = -0.6475 (x20 = -12.95). RB = 9.05 / 60 = 0.150833...
  // ben: final = TWB = 0.06. RB over [20, 80): (0.06-0.98)*20 + (0.06-0.24)*20 + (0.06 - median(0.24, 1.715) = 0.9775)*20
  //   = -18.4 - 3.6 - 18.35 = -40.35; / 60 = -0.6725.
  // cy: final = TWB = 1.715; RB over [60, 80): 1.715 - median(0.24, 0.06) = 1.715 - 0.15 = 1.565.
  // crowd: [0,20) (0.5, 0.3, 0.2) B 0.98; [20,40) medians (0.3, 0.2, 0.5) B = 0.09 + 0.04 + 0.25 = 0.38;
  //   [40,60) medians (0.15, 0.15, 0.7) B = 0.0225 + 0.0225 + 0.09 = 0.135;
  //   [60,80) medians (0.1, 0.2, 0.6), sum 0.9 -> (1/9, 2/9, 6/9), B = (1 + 4 + 9) / 81 = 14/81.
  //   TWB = (0.98 + 0.38 + 0.135 + 14/81) * 20 / 80 = 0.41695987654320987...
  const forecasts = [
    vec('ana', 0, [0.5, 0.3, 0.2]),
    vec('ana', 40, [0.2, 0.2, 0.6]),
    vec('ben', 20, [0.1, 0.1, 0.8]),
    vec('cy', 60, [0.05, 0.9, 0.05]),
    vec('dee', 80, [0, 0, 1]),
  ];
  const s = scoreQuestion({ type: 'categorical', closesAt: 100 }, resolved(2, 90, 80), forecasts);

  it('leaves dee (forecast at end) out', () => {
    expect(s.end).toBe(80);
    expect(s.analysts.map((a) => a.analyst)).toEqual(['ana', 'ben', 'cy']);
  });

  it.each([
    { name: 'ana', final: 0.24, twb: 0.61, rb: 9.05 / 60, ll: -Math.log(0.6) },
    { name: 'ben', final: 0.06, twb: 0.06, rb: -0.6725, ll: -Math.log(0.8) },
    { name: 'cy', final: 1.715, twb: 1.715, rb: 1.565, ll: -Math.log(0.05) },
  ])('$name', ({ name, final, twb, rb, ll }) => {
    const a = byName(s, name);
    expect(a.finalBrier).toBeCloseTo(final, DIGITS);
    expect(a.timeWeightedBrier).toBeCloseTo(twb, DIGITS);
    expect(a.relativeBrier).toBeCloseTo(rb, DIGITS);
    expect(a.finalLogLoss).toBeCloseTo(ll, DIGITS);
  });

  it('crowd renormalises the medians by their sum', () => {
    expect(s.crowd?.timeWeightedBrier).toBeCloseTo((0.98 + 0.38 + 0.135 + 14 / 81) / 4, DIGITS);
    expect(s.crowd?.finalBrier).toBeCloseTo(14 / 81, DIGITS);
    const fp = s.crowd?.finalProbs ?? [];
    expect(fp[0]).toBeCloseTo(1 / 9, DIGITS);
    expect(fp[1]).toBeCloseTo(2 / 9, DIGITS);
    expect(fp[2]).toBeCloseTo(6 / 9, DIGITS);
    expect(s.crowd?.finalLogLoss).toBeCloseTo(-Math.log(2 / 3), DIGITS);
  });
});

describe('hand-worked ordinal question (K = 4, outcome 1, ranked Brier)', () => {
  // closes 100, not stated when it occurred, resolved at 60 -> end = 60. O (cumulative) = (0, 1, 1).
  // B = 2/3 * sum_{k=1..3} (F_k - O_k)^2.
  //   ana  0: (0.1, 0.6, 0.2, 0.1)     F = (0.1, 0.7, 0.9)    sum = 0.01 + 0.09 + 0.01 = 0.11   B = 0.07333...
  //   ana 30: (0.4, 0.4, 0.1, 0.1)     F = (0.4, 0.8, 0.9)    sum = 0.16 + 0.04 + 0.01 = 0.21   B = 0.14
  //   ben  0: (0, 0, 0.5, 0.5)         F = (0, 0, 0.5)        sum = 0 + 1 + 0.25 = 1.25         B = 0.8333...
  //   ben 45: (0.25, 0.25, 0.25, 0.25) F = (0.25, 0.5, 0.75)  sum = 0.0625 + 0.25 + 0.0625     B = 0.25
  // ana: final 0.14, TWB = (0.07333*30 + 0.14*30) / 60 = (2.2 + 4.2) / 60 = 0.10666...
  //   RB over [0,60): (0.07333-0.83333)*30 + (0.14-0.83333)*15 + (0.14-0.25)*15 = -22.8 - 10.4 - 1.65 = -34.85; / 60.
  // ben: final 0.25, TWB = (0.83333*45 + 0.25*15) / 60 = (37.5 + 3.75) / 60 = 0.6875; RB = +34.85 / 60.
  // crowd (median of two = mean, sums are already 1):
  //   [0,30)  (0.05, 0.3, 0.35, 0.3)      F = (0.05, 0.35, 0.7)   sum 0.0025 + 0.4225 + 0.09 = 0.515   B = 0.34333
  //   [30,45) (0.2, 0.2, 0.3, 0.3)        F = (0.2, 0.4, 0.7)     sum 0.04 + 0.36 + 0.09 = 0.49        B = 0.32667
  //   [45,60) (0.325, 0.325, 0.175, 0.175) F = (0.325, 0.65, 0.825) sum 0.105625 + 0.1225 + 0.030625 = 0.25875  B = 0.1725
  //   TWB = (10.3 + 4.9 + 2.5875) / 60 = 17.7875 / 60.
  const forecasts = [
    vec('ben', 45, [0.25, 0.25, 0.25, 0.25]),
    vec('ana', 30, [0.4, 0.4, 0.1, 0.1]),
    vec('ben', 0, [0, 0, 0.5, 0.5]),
    vec('ana', 0, [0.1, 0.6, 0.2, 0.1]),
  ];
  const s = scoreQuestion({ type: 'ordinal', closesAt: 100 }, resolved(1, 60), forecasts);

  it('scores ana and ben', () => {
    const ana = byName(s, 'ana');
    const ben = byName(s, 'ben');
    expect(s.end).toBe(60);
    expect(ana.finalBrier).toBeCloseTo(0.14, DIGITS);
    expect(ana.timeWeightedBrier).toBeCloseTo(6.4 / 60, DIGITS);
    expect(ana.relativeBrier).toBeCloseTo(-34.85 / 60, DIGITS);
    expect(ben.finalBrier).toBeCloseTo(0.25, DIGITS);
    expect(ben.timeWeightedBrier).toBeCloseTo(0.6875, DIGITS);
    expect(ben.relativeBrier).toBeCloseTo(34.85 / 60, DIGITS);
    expect(ana.finalLogLoss).toBeCloseTo(-Math.log(0.4), DIGITS);
  });

  it('scores the crowd', () => {
    expect(s.crowd?.timeWeightedBrier).toBeCloseTo(17.7875 / 60, DIGITS);
    expect(s.crowd?.finalBrier).toBeCloseTo(0.1725, DIGITS);
    expect(s.crowd?.firstAt).toBe(0);
  });
});

describe('edges', () => {
  const q: ScoringQuestion = { type: 'binary', closesAt: 100 };

  it('a forecast exactly at end is not scored', () => {
    const s = scoreQuestion(q, resolved(1, 100), [bin('ana', 0, 0.5), bin('ana', 100, 1), bin('ben', 100, 0)]);
    expect(s.analysts.map((a) => a.analyst)).toEqual(['ana']);
    expect(s.analysts[0]?.finalBrier).toBe(0.5);
    expect(s.analysts[0]?.scoredForecasts).toBe(1);
  });

  it('no scored forecast at all: no analysts, crowd null', () => {
    const s = scoreQuestion(q, resolved(1, 50), [bin('ana', 50, 0.9), bin('ben', 70, 0.1)]);
    expect(s).toEqual({ end: 50, analysts: [], crowd: null, aggregates: [] });
    expect(scoreQuestion(q, resolved(1, 50), [])).toEqual({ end: 50, analysts: [], crowd: null, aggregates: [] });
  });

  it('forecasts after occurredAt are ignored (and score as if absent)', () => {
    const base = [bin('ana', 0, 0.6), bin('ben', 10, 0.2)];
    const late = [bin('ana', 60, 1), bin('ben', 70, 1), bin('cy', 55, 1)];
    const r = resolved(1, 90, 50);
    const withLate = scoreQuestion(q, r, [...base, ...late]);
    expect(withLate.end).toBe(50);
    expect(withLate).toEqual(scoreQuestion(q, r, base));
    // ana: 0.32 over the whole window [0, 50)
    expect(withLate.analysts[0]?.timeWeightedBrier).toBe(2 * 0.4 * 0.4);
  });

  it('occurredAt null: the window ends at resolvedAt', () => {
    // ana 0.9 from 0, 0.1 from 40; resolved at 80 -> TWB = (0.02*40 + 1.62*40) / 80 = 0.82
    const s = scoreQuestion(q, resolved(1, 80), [bin('ana', 0, 0.9), bin('ana', 40, 0.1)]);
    expect(s.end).toBe(80);
    expect(s.analysts[0]?.timeWeightedBrier).toBeCloseTo(0.82, DIGITS);
  });

  it('closesAt before occurredAt: the window ends at closesAt', () => {
    const s = scoreQuestion(q, resolved(1, 300, 200), [bin('ana', 0, 0.9), bin('ana', 50, 0.1), bin('ana', 150, 0.2)]);
    expect(s.end).toBe(100);
    // 0.02 on [0,50), 1.62 on [50,100); the forecast at 150 is after close
    expect(s.analysts[0]?.timeWeightedBrier).toBeCloseTo(0.82, DIGITS);
    expect(s.analysts[0]?.scoredForecasts).toBe(2);
  });

  it('re-resolution flipping the outcome changes the scores', () => {
    const fs = [bin('ana', 0, 0.9), bin('ben', 0, 0.4)];
    const yes = scoreQuestion(q, resolved(1, 100), fs);
    const no = scoreQuestion(q, resolved(0, 100), fs);
    expect(yes.analysts[0]?.finalBrier).toBeCloseTo(0.02, DIGITS);
    expect(no.analysts[0]?.finalBrier).toBeCloseTo(1.62, DIGITS);
    // ana vs ben: yes -> 0.02 - 0.72 = -0.7; no -> 1.62 - 0.32 = 1.3
    expect(yes.analysts[0]?.relativeBrier).toBeCloseTo(-0.7, DIGITS);
    expect(no.analysts[0]?.relativeBrier).toBeCloseTo(1.3, DIGITS);
    expect(yes.analysts[0]?.finalLogLoss).toBeCloseTo(-Math.log(0.9), DIGITS);
    expect(no.analysts[0]?.finalLogLoss).toBeCloseTo(-Math.log(0.1), DIGITS);
  });

  it('a single participant has RB null, and the crowd is that participant', () => {
    const s = scoreQuestion(q, resolved(1, 100), [bin('ana', 10, 0.7), bin('ana', 60, 0.8)]);
    expect(s.analysts).toHaveLength(1);
    expect(s.analysts[0]?.relativeBrier).toBeNull();
    expect(s.crowd?.timeWeightedBrier).toBeCloseTo(s.analysts[0]?.timeWeightedBrier ?? NaN, DIGITS);
    expect(s.crowd?.firstAt).toBe(10);
  });

  it('RB only counts instants where someone else stands', () => {
    // ana alone on [0,50) with 0.02, then ben joins at 50 with 0.5 (B 0.5): RB = 0.02 - 0.5 over [50,100)
    const s = scoreQuestion(q, resolved(1, 100), [bin('ana', 0, 0.9), bin('ben', 50, 0.5)]);
    expect(s.analysts[0]?.relativeBrier).toBeCloseTo(-0.48, DIGITS);
    expect(s.analysts[1]?.relativeBrier).toBeCloseTo(0.48, DIGITS);
  });

  it('two forecasts at the same instant: the higher id wins, the lower weighs nothing', () => {
    const fs = [bin('ana', 0, 0.2, 9), bin('ana', 0, 0.9, 3), bin('ana', 50, 0.5, 1)];
    const s = scoreQuestion(q, resolved(1, 100), fs);
    const ana = s.analysts[0];
    // id 9 (p 0.2, B 1.28) holds [0,50), id 1 (p 0.5, B 0.5) [50,100); id 3 weighs nothing
    expect(ana?.timeWeightedBrier).toBeCloseTo((1.28 + 0.5) / 2, DIGITS);
    expect(ana?.scoredForecasts).toBe(3);
    expect(s.crowd?.timeWeightedBrier).toBeCloseTo((1.28 + 0.5) / 2, DIGITS);
    // the final forecast is by time, not by id
    expect(ana?.finalBrier).toBe(0.5);
  });

  it('same instant, final forecast: the higher id is final', () => {
    const s = scoreQuestion(q, resolved(1, 100), [bin('ana', 70, 0.9, 5), bin('ana', 70, 0.3, 4)]);
    expect(s.analysts[0]?.finalProbs[1]).toBe(0.9);
  });

  it('0% and 100%: Brier 2 and 0, log loss floored at 0.001', () => {
    const s = scoreQuestion(q, resolved(1, 100), [bin('sure', 0, 1), bin('wrong', 0, 0)]);
    const sure = byName(s, 'sure');
    const wrong = byName(s, 'wrong');
    expect(sure.finalBrier).toBe(0);
    expect(sure.finalLogLoss).toBe(0);
    expect(wrong.finalBrier).toBe(2);
    expect(wrong.finalLogLoss).toBeCloseTo(-Math.log(0.001), DIGITS);
    expect(wrong.finalLogLoss).toBeCloseTo(6.907755278982137, DIGITS);
    expect(sure.relativeBrier).toBe(-2);
    expect(wrong.relativeBrier).toBe(2);
  });

  it('even count of others: the median is the mean of the middle two', () => {
    // others of dee: ana 0.02 (p .9), ben 0.5 (p .5), cy 0.98 (p .3), eve 1.62 (p .1) -> median (0.5 + 0.98) / 2 = 0.74
    const fs = [bin('ana', 0, 0.9), bin('ben', 0, 0.5), bin('cy', 0, 0.3), bin('eve', 0, 0.1), bin('dee', 0, 0.6)];
    const s = scoreQuestion(q, resolved(1, 100), fs);
    expect(byName(s, 'dee').relativeBrier).toBeCloseTo(0.32 - 0.74, DIGITS);
    // crowd: median of the 5 ps = 0.5
    expect(s.crowd?.finalProbs).toEqual([0.5, 0.5]);
  });

  it('analysts are sorted by code point, not locale', () => {
    const fs = [bin('b', 0, 0.5), bin('B', 0, 0.5), bin('a', 0, 0.5), bin('\u{1F600}', 0, 0.5), bin('\uFF5E', 0, 0.5)];
    const s = scoreQuestion(q, resolved(1, 100), fs);
    expect(s.analysts.map((a) => a.analyst)).toEqual(['B', 'a', 'b', '\uFF5E', '\u{1F600}']);
  });

  it('rejects an outcome that is not an option index', () => {
    expect(() => scoreQuestion(q, resolved(2, 100), [bin('ana', 0, 0.5)])).toThrow(RangeError);
  });

  it('rejects forecasts of inconsistent length', () => {
    expect(() =>
      scoreQuestion({ type: 'categorical', closesAt: 100 }, resolved(0, 100), [
        vec('a', 0, [0.5, 0.5]),
        vec('b', 1, [0.2, 0.3, 0.5]),
      ]),
    ).toThrow(RangeError);
  });

  it('does not mutate its input', () => {
    const fs: ScoringForecast[] = [bin('b', 5, 0.5), bin('a', 0, 0.4)];
    const copy = structuredClone(fs);
    const s = scoreQuestion(q, resolved(1, 100), fs);
    expect(fs).toEqual(copy);
    s.analysts[0]?.finalProbs.push(42);
    expect(fs).toEqual(copy);
  });
});
