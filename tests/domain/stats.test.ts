import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/domain/compare.js';
import {
  erfc,
  mean,
  median,
  normalCdf,
  sampleStandardDeviation,
  sum,
  twoSidedNormalP,
  wilsonInterval,
} from '../../src/domain/scoring/index.js';

describe('erfc (Cody), against 30-digit mpmath values', () => {
  it.each([
    [0, 1],
    [0.1, 0.8875370839817151016],
    [0.3, 0.67137324054087258381],
    [0.46875, 0.50738652678206200841],
    [0.5, 0.47950012218695346232],
    [1, 0.15729920705028513066],
    [1.5, 0.033894853524689272933],
    [2, 0.0046777349810472658379],
    [3, 0.000022090496998585441373],
    [3.99, 1.6739211364520814057e-8],
    [4, 1.5417257900280018852e-8],
    [4.5, 1.9661604415428874763e-10],
    [6, 2.1519736712498913117e-17],
    [10, 2.088487583762544757e-45],
    [20, 5.3958656116079009289e-176],
    [-0.3, 1.3286267594591274162],
    [-1, 1.8427007929497148693],
    [-3, 1.9999779095030014146],
  ])('erfc(%d)', (x, want) => {
    expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-14);
  });

  it('underflows to 0 far out and is NaN for NaN', () => {
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('normal tails', () => {
  it.each([
    [0, 1],
    [0.5, 0.61707507745197379272],
    [1, 0.31731050786291410283],
    [1.96, 0.04999579029644087],
    [-1.96, 0.04999579029644087],
    [3, 0.0026997960632601890533],
    [5, 5.7330314375838782335e-7],
    [8, 1.2441921148543568247e-15],
  ])('two-sided p(%d)', (z, want) => {
    expect(Math.abs(twoSidedNormalP(z) - want)).toBeLessThan(1e-15);
    expect(Math.abs(twoSidedNormalP(z) - want) / want).toBeLessThan(1e-13);
  });

  it.each([
    [0, 0.5],
    [1.96, 0.97500210485177956379],
    [-1.96, 0.024997895148220436213],
    [-5, 2.8665157187919391167e-7],
    [-8, 6.2209605742717841235e-16],
  ])('Phi(%d)', (x, want) => {
    expect(Math.abs(normalCdf(x) - want)).toBeLessThan(1e-15);
    expect(Math.abs(normalCdf(x) - want) / want).toBeLessThan(1e-13);
  });
});

describe('median, mean, sd', () => {
  it.each([
    [[3], 3],
    [[0.3, 0.6], 0.44999999999999996], // (0.3 + 0.6) / 2 in doubles
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[0, 0, 1, 1], 0.5],
  ])('median(%j) = %d', (xs, want) => {
    expect(median(xs)).toBe(want);
  });

  it('mean and sample sd', () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStandardDeviation([1])).toBeNull();
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('sum is compensated', () => {
    expect(sum([1e16, 1, -1e16])).toBe(1);
    expect(sum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  });

  it('wilsonInterval is null for n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('compareCodePoints', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a', 'ab', -1],
    ['Z', 'a', -1],
    ['\uFF5E', '\u{1F600}', -1], // U+FF5E < U+1F600, though its UTF-16 unit 0xFF5E > 0xD83D
    ['\u{1F600}', '\uE000', 1],
    ['\u{1F600}', '\u{1F601}', -1],
    ['é', 'f', 1], // U+00E9 > U+0066 (a locale would put é before f)
  ])('%s vs %s', (a, b, want) => {
    expect(Math.sign(compareCodePoints(a, b))).toBe(want);
  });

  it('matches sorting by arrays of code points', () => {
    const words = ['b', 'a', 'B', '\u{1F600}', '\uFF5E', 'é', 'e', '\uD7FF', '\u{10000}', 'ab', ''];
    const byCodePoints = [...words].sort((x, y) => {
      const a = [...x].map((c) => c.codePointAt(0) as number);
      const b = [...y].map((c) => c.codePointAt(0) as number);
      for (let i = 0; i < Math.min(a.length, b.length); i++)
        if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
      return a.length - b.length;
    });
    expect([...words].sort(compareCodePoints)).toEqual(byCodePoints);
  });
});
