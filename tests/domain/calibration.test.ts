import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binIndex,
  binVerdict,
  calibrate,
  calibrateGroups,
  calibrationEvents,
  groupEvents,
  wilsonInterval,
  type CalibrationEvent,
} from '../../src/domain/scoring/index.js';

describe('binIndex', () => {
  it.each([
    { p: 0, bins: 10, want: 0 },
    { p: 0.0999999, bins: 10, want: 0 },
    { p: 0.1, bins: 10, want: 1 },
    { p: 0.7, bins: 10, want: 7 },
    { p: 0.3, bins: 10, want: 3 },
    { p: 0.6, bins: 10, want: 6 },
    { p: 0.9, bins: 10, want: 9 },
    { p: 1, bins: 10, want: 9, why: '1.0 goes in the last bin' },
    { p: 0.15, bins: 20, want: 3 },
    { p: 0.35, bins: 20, want: 7 },
    { p: 0.29, bins: 100, want: 29, why: '0.29 * 100 = 28.999999999999996: the 1e-9 matters' },
    { p: 0.57, bins: 100, want: 57, why: '0.57 * 100 = 56.99999999999999' },
    { p: 0.55, bins: 20, want: 11 },
    { p: 1, bins: 20, want: 19 },
    { p: 0.5, bins: 1, want: 0 },
    { p: 1 / 3, bins: 3, want: 1 },
    { p: 2 / 3, bins: 3, want: 2 },
  ])('p $p with $bins bins -> $want', ({ p, bins, want }) => {
    expect(binIndex(p, bins)).toBe(want);
  });

  it('every decimal edge k/bins lands in bin k', () => {
    for (const bins of [4, 5, 10, 20, 25, 50, 100]) {
      for (let k = 0; k < bins; k++) {
        const edge = Number((k / bins).toFixed(6));
        expect(binIndex(edge, bins), `${edge} with ${bins} bins`).toBe(k);
      }
    }
  });

  it('is an integer in [0, bins) for every probability', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100 }), (p, bins) => {
        const b = binIndex(p, bins);
        expect(Number.isInteger(b)).toBe(true);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(bins);
      }),
    );
  });
});

describe('calibrationEvents', () => {
  it('binary gives the single event (P(yes), yes happened)', () => {
    expect(calibrationEvents('binary', [0.3, 0.7], 1)).toEqual([{ p: 0.7, o: 1 }]);
    expect(calibrationEvents('binary', [0.3, 0.7], 0)).toEqual([{ p: 0.7, o: 0 }]);
  });

  it('categorical and ordinal give one event per outcome', () => {
    expect(calibrationEvents('categorical', [0.2, 0.5, 0.3], 2)).toEqual([
      { p: 0.2, o: 0 },
      { p: 0.5, o: 0 },
      { p: 0.3, o: 1 },
    ]);
    expect(calibrationEvents('ordinal', [0.1, 0.2, 0.7], 0)).toHaveLength(3);
  });

  it('rejects an outcome that is not an option', () => {
    expect(() => calibrationEvents('categorical', [0.5, 0.5], 2)).toThrow(RangeError);
  });
});

describe('calibrate', () => {
  it('with no events: empty bins and nulls', () => {
    const c = calibrate([]);
    expect(c.events).toBe(0);
    expect(c.bins).toHaveLength(10);
    expect(c.bins[3]).toEqual({
      lo: 0.3,
      hi: 0.4,
      n: 0,
      meanForecast: null,
      observedFrequency: null,
      ci95: null,
      verdict: null,
    });
    expect(c.brier).toBeNull();
    expect(c.reliability).toBeNull();
    expect(c.resolution).toBeNull();
    expect(c.uncertainty).toBeNull();
    expect(c.spiegelhalter).toEqual({ z: null, p: null });
  });

  it('a hand-worked set of events', () => {
    // events: (0.7,1) (0.7,0) (0.75,1) in bin 7; (0.2,0) (0.2,0) in bin 2; (1,1) in bin 9.  N = 6
    const events: CalibrationEvent[] = [
      { p: 0.7, o: 1 },
      { p: 0.7, o: 0 },
      { p: 0.75, o: 1 },
      { p: 0.2, o: 0 },
      { p: 0.2, o: 0 },
      { p: 1, o: 1 },
    ];
    const c = calibrate(events);
    expect(c.events).toBe(6);
    expect(c.bins.map((b) => b.n)).toEqual([0, 0, 2, 0, 0, 0, 0, 3, 0, 1]);
    const b7 = c.bins[7];
    expect(b7?.lo).toBe(0.7);
    expect(b7?.hi).toBe(0.8);
    expect(b7?.meanForecast).toBeCloseTo(2.15 / 3, 15);
    expect(b7?.observedFrequency).toBeCloseTo(2 / 3, 15);
    // brier per event: (0.09 + 0.49 + 0.0625 + 0.04 + 0.04 + 0) / 6 = 0.7225 / 6
    expect(c.brier).toBeCloseTo(0.7225 / 6, 15);
    // obar = 3/6 = 0.5; uncertainty = 0.25
    expect(c.uncertainty).toBe(0.25);
    // reliability = [3 (2.15/3 - 2/3)^2 + 2 (0.2 - 0)^2 + 1 (1 - 1)^2] / 6 = [3 (0.15/3)^2 + 0.08] / 6 = (0.0075 + 0.08) / 6
    expect(c.reliability).toBeCloseTo(0.0875 / 6, 15);
    // resolution = [3 (2/3 - 1/2)^2 + 2 (0 - 1/2)^2 + 1 (1 - 1/2)^2] / 6 = (1/12 + 1/2 + 1/4) / 6 = (5/6) / 6
    expect(c.resolution).toBeCloseTo(5 / 36, 15);
    // Murphy: brier = reliability - resolution + uncertainty holds when forecasts within a bin are equal;
    // here bin 7 mixes 0.7 and 0.75, so only check the value by hand:
    // Spiegelhalter: sum (o-p)(1-2p) = 0.3*(-0.4) + (-0.7)(-0.4) + 0.25*(-0.5) + (-0.2)(0.6)*2 + 0 = -0.12 + 0.28 - 0.125 - 0.24 = -0.205
    // denominator: 0.16*0.21*2 + 0.25*0.1875 + 0.36*0.16*2 + 1*0 = 0.0672 + 0.046875 + 0.1152 = 0.229275
    const z = -0.205 / Math.sqrt(0.229275);
    expect(c.spiegelhalter.z).toBeCloseTo(z, 14);
    expect(c.spiegelhalter.p).toBeCloseTo(0.6685565845843064, 12);
  });

  // (p = 1.0 shares the last bin with 0.9, so the generator stops at 0.9)
  it('Murphy decomposition: brier = reliability - resolution + uncertainty when each bin holds one p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 9 }).map((k) => k / 10), o: fc.constantFrom(0, 1) }), {
          minLength: 1,
          maxLength: 200,
        }),
        (events) => {
          const c = calibrate(events);
          expect(c.brier).toBeCloseTo((c.reliability ?? NaN) - (c.resolution ?? NaN) + (c.uncertainty ?? NaN), 12);
        },
      ),
    );
  });

  it('Wilson interval per bin (z = 1.96)', () => {
    // 8 of 10: phat 0.8; center = (0.8 + 1.96^2/20) / (1 + 1.96^2/10); half = 1.96/(1 + .38416) sqrt(0.016 + 1.96^2/400)
    const events = Array.from({ length: 10 }, (_, i) => ({ p: 0.85, o: i < 8 ? 1 : 0 }));
    const ci = calibrate(events).bins[8]?.ci95;
    expect(ci?.[0]).toBeCloseTo(0.4901568467207234, 12);
    expect(ci?.[1]).toBeCloseTo(0.9433190520193067, 12);
  });

  it('Wilson interval at 0% and 100% is not degenerate and stays in [0, 1]', () => {
    const none = calibrate([
      { p: 0.05, o: 0 },
      { p: 0.05, o: 0 },
    ]).bins[0]?.ci95;
    expect(none?.[0]).toBe(0);
    expect(none?.[1]).toBeCloseTo(3.8416 / (2 + 3.8416), 12); // z^2 / (n + z^2) for 0 successes
    const all = calibrate([{ p: 0.95, o: 1 }]).bins[9]?.ci95;
    expect(all?.[1]).toBe(1);
    expect(all?.[0]).toBeCloseTo(1 / (1 + 3.8416), 12);
  });

  it('Spiegelhalter is null when its denominator is 0 (only 0, 0.5 and 1 forecasts)', () => {
    const c = calibrate([
      { p: 0, o: 0 },
      { p: 1, o: 1 },
      { p: 0.5, o: 1 },
    ]);
    expect(c.spiegelhalter).toEqual({ z: null, p: null });
    expect(c.brier).toBeCloseTo(0.25 / 3, 15);
  });

  it('a perfectly calibrated-looking record has a large p, a miscalibrated one a tiny p', () => {
    const good = Array.from({ length: 100 }, (_, i) => ({ p: 0.8, o: i < 80 ? 1 : 0 }));
    expect(calibrate(good).spiegelhalter.z).toBeCloseTo(0, 12);
    expect(calibrate(good).spiegelhalter.p).toBeCloseTo(1, 12);
    const bad = Array.from({ length: 100 }, (_, i) => ({ p: 0.9, o: i < 50 ? 1 : 0 }));
    expect(calibrate(bad).spiegelhalter.p).toBeLessThan(1e-6);
  });

  it('bins are configurable; 0.15 and 0.35 stay in their own bins with 20 bins', () => {
    const c = calibrate(
      [
        { p: 0.15, o: 1 },
        { p: 0.35, o: 0 },
      ],
      20,
    );
    expect(c.bins).toHaveLength(20);
    expect(c.bins[3]?.n).toBe(1);
    expect(c.bins[7]?.n).toBe(1);
    expect(c.bins[19]?.hi).toBe(1);
  });

  it('rejects bad bins and bad events', () => {
    expect(() => calibrate([], 0)).toThrow(RangeError);
    expect(() => calibrate([], 2.5)).toThrow(RangeError);
    expect(() => calibrate([{ p: 1.2, o: 1 }])).toThrow(RangeError);
    expect(() => calibrate([{ p: NaN, o: 1 }])).toThrow(RangeError);
    expect(() => calibrate([{ p: 0.5, o: 0.5 }])).toThrow(RangeError);
  });

  it('bin counts add up to N', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }), o: fc.constantFrom(0, 1) }), {
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 50 }),
        (events, bins) => {
          const c = calibrate(events, bins);
          expect(c.bins).toHaveLength(bins);
          expect(c.bins.reduce((s, b) => s + b.n, 0)).toBe(events.length);
          expect(c.events).toBe(events.length);
          for (const b of c.bins) {
            if (b.n === 0) continue;
            expect(b.meanForecast).toBeGreaterThanOrEqual(b.lo - 1e-9);
            expect(b.meanForecast).toBeLessThanOrEqual(b.hi + 1e-9);
          }
        },
      ),
    );
  });
});

describe('verdict of a calibration bin (docs/scoring.md, Coaching)', () => {
  const repeat = (n: number, p: number, hits: number): CalibrationEvent[] =>
    Array.from({ length: n }, (_, i) => ({ p, o: i < hits ? 1 : 0 }));

  it.each([
    // 8 of 10 at 0.85: Wilson [0.4902, 0.9433] holds 0.85
    { why: '8 of 10 at 85%', events: repeat(10, 0.85, 8), bin: 8, want: 'consistent' },
    // 5 of 10: center (0.5 + 0.19208) / 1.38416 = 0.5, half = (1.96 / 1.38416) sqrt(0.025 + 0.009604) = 0.2634
    // -> [0.2366, 0.7634]; 0.95 is above it
    { why: '5 of 10 at 95%', events: repeat(10, 0.95, 5), bin: 9, want: 'tooHigh' },
    // 9 of 10 at 5%: [0.5958, 0.9821] is far above 0.05
    { why: '9 of 10 at 5%', events: repeat(10, 0.05, 9), bin: 0, want: 'tooLow' },
    // 6 of 6 at 100%: the formula's upper end is 0.9999999999999999 in doubles; exactly 1 keeps 1.0 inside
    { why: '6 of 6 at 100%', events: repeat(6, 1, 6), bin: 9, want: 'consistent' },
    // 0 of 11 at 0%: the formula's lower end is 2.8e-17 in doubles; exactly 0 keeps 0.0 inside
    { why: '0 of 11 at 0%', events: repeat(11, 0, 0), bin: 0, want: 'consistent' },
    // 0 of 3 at 60%: Wilson upper end z^2 / (n + z^2) = 3.8416 / 6.8416 = 0.5615 < 0.6
    { why: '0 of 3 at 60%', events: repeat(3, 0.6, 0), bin: 6, want: 'tooHigh' },
  ])('$why: $want', ({ events, bin, want }) => {
    const c = calibrate(events);
    expect(c.bins[bin]?.verdict).toBe(want);
    expect(c.bins.filter((b) => b.n === 0).every((b) => b.verdict === null)).toBe(true);
  });

  it('binVerdict: strict comparisons, an end of the interval is consistent; null without an interval', () => {
    expect(binVerdict(0.5, [0.5, 0.7])).toBe('consistent');
    expect(binVerdict(0.7, [0.5, 0.7])).toBe('consistent');
    expect(binVerdict(0.4999, [0.5, 0.7])).toBe('tooLow');
    expect(binVerdict(0.7001, [0.5, 0.7])).toBe('tooHigh');
    expect(binVerdict(null, null)).toBeNull();
  });

  it('Wilson: lower end exactly 0 at 0 successes, upper end exactly 1 at n of n, for every n up to 5,000', () => {
    for (let n = 1; n <= 5000; n++) {
      expect(wilsonInterval(0, n)?.[0]).toBe(0);
      expect(wilsonInterval(n, n)?.[1]).toBe(1);
    }
  });

  it('property: the verdict follows the definition, and grouped events give the same bins', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 20 }).map((k) => k / 20), o: fc.constantFrom(0, 1) }), {
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 20 }),
        (events, bins) => {
          const c = calibrate(events, bins);
          for (const b of c.bins) {
            if (b.n === 0) {
              expect(b.verdict).toBeNull();
              continue;
            }
            const [lo, hi] = b.ci95!;
            const mf = b.meanForecast!;
            expect(b.verdict).toBe(mf > hi ? 'tooHigh' : mf < lo ? 'tooLow' : 'consistent');
            if (b.observedFrequency === 0) expect(lo).toBe(0);
            if (b.observedFrequency === 1) expect(hi).toBe(1);
          }
          expect(calibrateGroups(groupEvents(events), bins).bins.map((b) => b.verdict)).toEqual(
            c.bins.map((b) => b.verdict),
          );
        },
      ),
    );
  });
});
