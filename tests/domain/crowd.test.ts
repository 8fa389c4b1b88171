import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crowdNow, crowdSeries, scoreQuestion } from '../../src/domain/scoring/index.js';
import { scenarioArb } from './arbitraries.js';
import { bin, vec } from './helpers.js';

describe('crowdSeries', () => {
  it('is empty without forecasts', () => {
    expect(crowdSeries('binary', [])).toEqual([]);
  });

  it('follows the worked example, one point per change', () => {
    const fs = [bin('cy', 90, 0.2), bin('ana', 0, 0.6), bin('ana', 50, 0.9), bin('ben', 20, 0.3), bin('cy', 40, 0.5)];
    const pts = crowdSeries('binary', fs);
    // [0,20) 0.6; [20,40) 0.45; [40,50) 0.5; [50,90) 0.5 (unchanged: no point at 50); [90,..) 0.3
    expect(pts.map((p) => p.at)).toEqual([0, 20, 40, 90]);
    expect(pts.map((p) => p.probs[1])).toEqual([0.6, (0.6 + 0.3) / 2, 0.5, 0.3]);
    for (const p of pts) expect(p.probs[0]).toBe(1 - (p.probs[1] as number));
  });

  it('`until` leaves out forecasts at or after it', () => {
    const fs = [bin('ana', 0, 0.6), bin('ben', 20, 0.3), bin('cy', 40, 0.5)];
    expect(crowdSeries('binary', fs, 40).map((p) => p.at)).toEqual([0, 20]);
    expect(crowdSeries('binary', fs, 41).map((p) => p.at)).toEqual([0, 20, 40]);
    expect(crowdSeries('binary', fs, 0)).toEqual([]);
  });

  it('median of an even count is the mean of the middle two', () => {
    const fs = [bin('a', 0, 0.1), bin('b', 0, 0.2), bin('c', 0, 0.6), bin('d', 0, 0.9)];
    expect(crowdSeries('binary', fs)).toEqual([{ at: 0, probs: [1 - 0.4, 0.4] }]);
  });

  it('renormalises per-outcome medians by their sum', () => {
    // medians: (0.1, 0.2, 0.6) -> sum 0.9
    const fs = [vec('a', 0, [0.2, 0.2, 0.6]), vec('b', 0, [0.1, 0.1, 0.8]), vec('c', 0, [0.05, 0.9, 0.05])];
    const [pt] = crowdSeries('categorical', fs);
    expect(pt?.probs[0]).toBeCloseTo(1 / 9, 15);
    expect(pt?.probs[1]).toBeCloseTo(2 / 9, 15);
    expect(pt?.probs[2]).toBeCloseTo(6 / 9, 15);
  });

  it('uses the mean when every median is 0 (three analysts each certain of a different option)', () => {
    const fs = [vec('a', 0, [1, 0, 0]), vec('b', 0, [0, 1, 0]), vec('c', 0, [0, 0, 1])];
    const pts = crowdSeries('categorical', fs);
    expect(pts).toHaveLength(1);
    for (const p of pts[0]?.probs ?? []) expect(p).toBeCloseTo(1 / 3, 15);
  });

  it('uses the mean when every median is 0, with unequal vectors', () => {
    // per-option medians of (1,0,0,0), (0,0.5,0.5,0), (0,0,0,1), (0,1,0,0) and a 5th (0,0,1,0): all 0
    const fs = [
      vec('a', 0, [1, 0, 0, 0]),
      vec('b', 0, [0, 0.5, 0.5, 0]),
      vec('c', 0, [0, 0, 0, 1]),
      vec('d', 0, [0, 1, 0, 0]),
      vec('e', 0, [0, 0, 1, 0]),
    ];
    const probs = crowdSeries('ordinal', fs)[0]?.probs ?? [];
    expect(probs[0]).toBeCloseTo(1 / 5, 15);
    expect(probs[1]).toBeCloseTo(1.5 / 5, 15);
    expect(probs[2]).toBeCloseTo(1.5 / 5, 15);
    expect(probs[3]).toBeCloseTo(1 / 5, 15);
  });

  it('is scored with the mean when all medians are 0', () => {
    const fs = [vec('a', 0, [1, 0, 0]), vec('b', 0, [0, 1, 0]), vec('c', 0, [0, 0, 1])];
    const s = scoreQuestion(
      { type: 'categorical', closesAt: 10 },
      { outcome: 0, occurredAt: null, resolvedAt: 10 },
      fs,
    );
    // (1/3 - 1)^2 + 2 (1/3)^2 = 4/9 + 2/9 = 2/3
    expect(s.crowd?.finalBrier).toBeCloseTo(2 / 3, 14);
    expect(s.crowd?.timeWeightedBrier).toBeCloseTo(2 / 3, 14);
    expect(s.crowd?.finalLogLoss).toBeCloseTo(Math.log(3), 14);
  });

  it('a same-instant superseded forecast never shows in the crowd', () => {
    const fs = [bin('a', 0, 0.9, 2), bin('a', 0, 0.1, 1), bin('b', 0, 0.5, 3)];
    expect(crowdSeries('binary', fs)).toEqual([{ at: 0, probs: [1 - 0.7, 0.7] }]);
  });

  it('an analyst updating replaces their old forecast in the median', () => {
    const fs = [bin('a', 0, 0.2), bin('b', 0, 0.4), bin('c', 0, 0.6), bin('a', 10, 0.8)];
    expect(crowdSeries('binary', fs).map((p) => p.probs[1])).toEqual([0.4, 0.6]);
  });
});

describe('crowdNow', () => {
  it('is null without forecasts', () => {
    expect(crowdNow('binary', [])).toBeNull();
  });

  it('is the median of each analyst’s latest forecast', () => {
    const fs = [bin('ana', 0, 0.4), bin('ben', 20, 0.7), bin('ana', 30, 0.2)];
    expect(crowdNow('binary', fs)).toEqual([1 - (0.2 + 0.7) / 2, (0.2 + 0.7) / 2]);
  });

  it('is the last point of the crowd series, from the whole history or the standing forecasts alone', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const series = crowdSeries(s.type, s.forecasts);
        const latest = new Map<string, (typeof s.forecasts)[number]>();
        for (const f of s.forecasts) {
          const prev = latest.get(f.analyst);
          if (!prev || f.createdAt > prev.createdAt || (f.createdAt === prev.createdAt && f.id > prev.id))
            latest.set(f.analyst, f);
        }
        const expected = series.length ? series[series.length - 1]!.probs : null;
        expect(crowdNow(s.type, s.forecasts)).toEqual(expected);
        expect(crowdNow(s.type, [...latest.values()])).toEqual(expected);
      }),
    );
  });
});
