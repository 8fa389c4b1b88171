/** The chart builders (web/charts.js): pure functions from API data to chart.js configs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as charts from '../../web/charts.js';
import {
  binRadius,
  brierByMonthConfig,
  calibrationChartConfig,
  calibrationPlugin,
  calibrationPoints,
  chartedValue,
  CROWD_COLOR,
  FAINT_ABOVE,
  forecastChartConfig,
  PALETTE,
  pooledMonthly,
  stepSeries,
  timeTicks,
  type CalibrationPoint,
  type StepPoint,
} from '../../web/charts.js';

const T0 = Date.parse('2023-09-01T00:00:00.000Z');
const H = 3_600_000;
const DAY = 24 * H;
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe('stepSeries', () => {
  it('orders the forecasts by time and carries the last one to the end', () => {
    expect(
      stepSeries(
        [
          { at: 50, value: 0.9 },
          { at: 0, value: 0.6 },
        ],
        100,
      ),
    ).toEqual([
      { x: 0, y: 0.6 },
      { x: 50, y: 0.9 },
      { x: 100, y: 0.9, carried: true },
    ]);
  });

  it('adds no carried point when the last forecast is at or after the end', () => {
    expect(stepSeries([{ at: 100, value: 0.3 }], 100)).toEqual([{ x: 100, y: 0.3 }]);
    expect(stepSeries([{ at: 120, value: 0.3 }], 100)).toEqual([{ x: 120, y: 0.3 }]);
    expect(stepSeries([], 100)).toEqual([]);
  });
});

describe('chartedValue', () => {
  it('is P(yes) on a binary forecast and the chosen option otherwise', () => {
    expect(chartedValue({ probability: 0.7 }, 2)).toBe(0.7);
    expect(chartedValue({ probabilities: [0.2, 0.5, 0.3] }, 1)).toBe(0.5);
    expect(chartedValue({ probabilities: [0.2, 0.5, 0.3] }, 7)).toBe(0);
  });
});

describe('forecastChartConfig', () => {
  // The worked example of docs/scoring.md: ana 0: 0.6, 50: 0.9; ben 20: 0.3; cy 40: 0.5, 90: 0.2.
  const forecasts = [
    { user: 'ana', createdAt: at(0), probability: 0.6 },
    { user: 'ben', createdAt: at(20 * H), probability: 0.3 },
    { user: 'cy', createdAt: at(40 * H), probability: 0.5 },
    { user: 'ana', createdAt: at(50 * H), probability: 0.9 },
    { user: 'cy', createdAt: at(90 * H), probability: 0.2 },
  ];
  const crowd = [
    { at: at(0), probability: 0.6 },
    { at: at(20 * H), probability: 0.45 },
    { at: at(40 * H), probability: 0.5 },
    { at: at(90 * H), probability: 0.3 },
  ];
  const until = T0 + 100 * H;
  const config = forecastChartConfig({ forecasts, crowd, until, me: 'ben' });
  const datasets = config.data.datasets;

  it('draws one step line per analyst, by handle, then the crowd', () => {
    expect(config.type).toBe('line');
    expect(datasets.map((d) => d.label)).toEqual(['ana', 'ben', 'cy', 'Crowd']);
    for (const d of datasets) expect(d.stepped).toBe('before');
  });

  it('puts each forecast where it was made and carries the last one to the end', () => {
    const ana = datasets[0]!.data as StepPoint[];
    expect(ana).toEqual([
      { x: T0, y: 0.6 },
      { x: T0 + 50 * H, y: 0.9 },
      { x: until, y: 0.9, carried: true },
    ]);
    const cy = datasets[2]!.data as StepPoint[];
    expect(cy.map((p) => p.y)).toEqual([0.5, 0.2, 0.2]);
  });

  it('draws the crowd as its own dashed series over the same span', () => {
    const c = datasets[3]!;
    expect(c.borderColor).toBe(CROWD_COLOR);
    expect(c.borderDash).toEqual([6, 4]);
    expect((c.data as StepPoint[]).map((p) => [p.x - T0, p.y])).toEqual([
      [0, 0.6],
      [20 * H, 0.45],
      [40 * H, 0.5],
      [90 * H, 0.3],
      [100 * H, 0.3],
    ]);
  });

  it('gives analysts stable palette colours and draws the viewer heavier', () => {
    expect(datasets.slice(0, 3).map((d) => d.borderColor)).toEqual(PALETTE.slice(0, 3));
    expect(datasets[1]!.borderWidth).toBeGreaterThan(datasets[0]!.borderWidth as number);
  });

  it('hides the marker and the tooltip of the carried point', () => {
    const radius = datasets[0]!.pointRadius as (ctx: { raw: unknown }) => number;
    expect(radius({ raw: { x: 0, y: 0.6 } })).toBeGreaterThan(0);
    expect(radius({ raw: { x: 0, y: 0.9, carried: true } })).toBe(0);
    const filter = config.options!.plugins!.tooltip!.filter!;
    expect(filter({ raw: { x: 0, y: 0.9, carried: true } } as never, 0, [], {} as never)).toBe(false);
    expect(filter({ raw: { x: 0, y: 0.9 } } as never, 0, [], {} as never)).toBe(true);
  });

  it('spans the x axis from the first forecast to the end, y from 0 to 1', () => {
    const x = config.options!.scales!.x!;
    expect(x.min).toBe(T0);
    expect(x.max).toBe(until);
    expect(config.options!.scales!.y!.min).toBe(0);
    expect(config.options!.scales!.y!.max).toBe(1);
  });

  it('charts the chosen option of a categorical question', () => {
    const cat = forecastChartConfig({
      forecasts: [
        { user: 'ana', createdAt: at(0), probabilities: [0.2, 0.5, 0.3] },
        { user: 'ana', createdAt: at(10 * H), probabilities: [0.1, 0.7, 0.2] },
      ],
      crowd: [{ at: at(0), probabilities: [0.2, 0.5, 0.3] }],
      until: T0 + 20 * H,
      option: 1,
    });
    expect((cat.data.datasets[0]!.data as StepPoint[]).map((p) => p.y)).toEqual([0.5, 0.7, 0.7]);
    expect((cat.data.datasets[1]!.data as StepPoint[]).map((p) => p.y)).toEqual([0.5, 0.5]);
  });

  it('leaves the crowd out when it is hidden', () => {
    const hidden = forecastChartConfig({ forecasts: forecasts.slice(0, 1), crowd: [], until });
    expect(hidden.data.datasets.map((d) => d.label)).toEqual(['ana']);
  });
});

describe('the date axis', () => {
  const labels = (from: string, to: string) => {
    const config = forecastChartConfig({
      forecasts: [{ user: 'ana', createdAt: from, probability: 0.5 }],
      crowd: [],
      until: Date.parse(to),
    });
    const x = config.options!.scales!.x as unknown as {
      min: number;
      max: number;
      ticks: { callback: (v: number) => string };
    };
    return timeTicks(x.min, x.max).map((t) => x.ticks.callback(t));
  };

  it('names the year on every date when the question spans years', () => {
    const ls = labels('2023-11-15T12:00:00Z', '2024-02-20T12:00:00Z');
    expect(ls.length).toBeGreaterThan(2);
    for (const l of ls) expect(l).toMatch(/ 202[34]$/);
    expect(ls.some((l) => l.endsWith('2023')) && ls.some((l) => l.endsWith('2024'))).toBe(true);
  });

  it('leaves the year out within one year', () => {
    for (const l of labels('2023-03-15T12:00:00Z', '2023-06-20T12:00:00Z')) expect(l).not.toMatch(/\d{4}/);
  });
});

describe('timeTicks', () => {
  it('puts ticks on midnights, at most the requested number', () => {
    const ticks = timeTicks(T0 + 3 * H, T0 + 9 * DAY + 5 * H, 8);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const t of ticks) {
      const d = new Date(t);
      expect([d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([0, 0, 0]);
      expect(t).toBeGreaterThanOrEqual(T0 + 3 * H);
      expect(t).toBeLessThanOrEqual(T0 + 9 * DAY + 5 * H);
    }
  });

  it('uses whole hours on a short span and first days of months on a long one', () => {
    for (const t of timeTicks(T0 + 10 * 60_000, T0 + 10 * H)) expect(new Date(t).getMinutes()).toBe(0);
    const long = timeTicks(T0, T0 + 200 * DAY);
    expect(long.length).toBeGreaterThan(1);
    for (const t of long) expect(new Date(t).getDate()).toBe(1);
  });
});

describe('calibrationChartConfig', () => {
  const bins = [
    {
      lo: 0,
      hi: 0.2,
      n: 4,
      meanForecast: 0.1,
      observedFrequency: 0.25,
      ci95: [0.046, 0.699] as [number, number],
      verdict: 'consistent' as const,
    },
    { lo: 0.2, hi: 0.4, n: 0, meanForecast: null, observedFrequency: null, ci95: null, verdict: null },
    {
      lo: 0.4,
      hi: 0.6,
      n: 10,
      meanForecast: 0.52,
      observedFrequency: 0.5,
      ci95: [0.237, 0.763] as [number, number],
      verdict: 'consistent' as const,
    },
    { lo: 0.6, hi: 0.8, n: 0, meanForecast: null, observedFrequency: null, ci95: null, verdict: null },
    {
      lo: 0.8,
      hi: 1,
      n: 1,
      meanForecast: 1,
      observedFrequency: 1,
      ci95: [0.207, 1] as [number, number],
      verdict: 'consistent' as const,
    },
  ];
  const pooled = bins.map((b) => ({ ...b, n: b.n * 3 }));
  const config = calibrationChartConfig([
    { label: 'ana', bins },
    { label: 'Team (pooled)', bins: pooled, hollow: true },
  ]);
  const [diagonal, mine, team] = config.data.datasets;

  it('starts with the diagonal from (0,0) to (1,1)', () => {
    expect(diagonal!.label).toBe('Perfect calibration');
    expect((diagonal!.data as CalibrationPoint[]).map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(diagonal!.showLine).toBe(true);
  });

  it('has every non-empty bin as a point at (mean forecast, observed frequency), and no empty one', () => {
    expect(mine!.label).toBe('ana');
    expect((mine!.data as CalibrationPoint[]).map((p) => [p.x, p.y, p.n, p.lo, p.hi])).toEqual([
      [0.1, 0.25, 4, 0.046, 0.699],
      [0.52, 0.5, 10, 0.237, 0.763],
      [1, 1, 1, 0.207, 1],
    ]);
    expect((team!.data as CalibrationPoint[]).map((p) => p.n)).toEqual([12, 30, 3]);
  });

  it('sizes markers by n against the largest bin of either series', () => {
    const r = mine!.pointRadius as number[];
    expect(r[1]).toBeGreaterThan(r[0]!);
    expect(r[0]).toBeGreaterThan(r[2]!);
    expect((team!.pointRadius as number[])[1]).toBe(binRadius(30, 30));
  });

  it('is a square plot on 0..1 axes with the error bar plugin', () => {
    expect(config.type).toBe('scatter');
    expect(config.options!.scales!.x!.min).toBe(0);
    expect(config.options!.scales!.y!.max).toBe(1);
    expect(config.plugins!.map((p) => p.id)).toEqual(['reckonCalibration']);
  });

  it('lists empty bins as nothing at all', () => {
    expect(
      calibrationPoints([{ lo: 0, hi: 1, n: 0, meanForecast: null, observedFrequency: null, ci95: null }]),
    ).toEqual([]);
  });
});

describe('calibrationPlugin', () => {
  it('draws a capped vertical bar from each point’s CI low to high, and an n label', () => {
    const points: CalibrationPoint[] = [
      { x: 0.1, y: 0.25, n: 4, lo: 0.05, hi: 0.7, binLo: 0, binHi: 0.2 },
      { x: 0.5, y: 0.5, n: 2, lo: null, hi: null, binLo: 0.4, binHi: 0.6 },
    ];
    const calls: string[] = [];
    const ctx = {
      save: () => calls.push('save'),
      restore: () => calls.push('restore'),
      beginPath: () => calls.push('beginPath'),
      stroke: () => calls.push('stroke'),
      moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
      lineTo: (x: number, y: number) => calls.push(`L${x},${y}`),
      fillText: (t: string) => calls.push(`T${t}`),
      strokeText: () => calls.push('halo'),
      lineJoin: '',
      strokeStyle: '',
      fillStyle: '',
      lineWidth: 0,
      font: '',
      textBaseline: '',
    };
    const chart = {
      ctx,
      scales: { y: { getPixelForValue: (v: number) => 100 - v * 100 } },
      data: { datasets: [{ data: [] }, { data: points, borderColor: '#123456' }] },
      getDatasetMeta: (i: number) => ({
        hidden: false,
        data:
          i === 1
            ? [
                { x: 10, y: 75 },
                { x: 50, y: 50 },
              ]
            : [],
      }),
    };
    const plugin = calibrationPlugin([1], [1]);
    (plugin.beforeDatasetsDraw as unknown as (c: unknown) => void)(chart);
    // One bar (the second point has no interval): 95 -> 30 px, with caps.
    expect(calls.filter((c) => c === 'stroke')).toHaveLength(1);
    expect(calls).toContain('M10,30');
    expect(calls).toContain('L10,95');
    expect(calls).toContain('M6,30');
    expect(calls).toContain('L14,95');
    expect(ctx.strokeStyle).toBe('#123456');
    calls.length = 0;
    (plugin.afterDatasetsDraw as unknown as (c: unknown) => void)(chart);
    expect(calls.filter((c) => c.startsWith('T'))).toEqual(['Tn=4', 'Tn=2']);
  });
});

describe('brierByMonthConfig and pooledMonthly', () => {
  const data = {
    months: ['2023-07', '2023-08', '2023-09'],
    analysts: [
      {
        handle: 'ana',
        points: [
          { month: '2023-07', questions: 2, meanTimeWeightedBrier: 0.2 },
          { month: '2023-09', questions: 1, meanTimeWeightedBrier: 0.5 },
        ],
      },
      {
        handle: 'ben',
        points: [
          { month: '2023-07', questions: 2, meanTimeWeightedBrier: 0.4 },
          { month: '2023-08', questions: 1, meanTimeWeightedBrier: 0.1 },
        ],
      },
    ],
  };

  it('pools every analyst by month, weighted by questions', () => {
    const pooled = pooledMonthly(data);
    expect(pooled.map((p) => p.month)).toEqual(['2023-07', '2023-08', '2023-09']);
    expect(pooled[0]!.meanTimeWeightedBrier).toBeCloseTo(0.3, 12);
    expect(pooled[0]!.questions).toBe(4);
    expect(pooled[1]!.meanTimeWeightedBrier).toBeCloseTo(0.1, 12);
  });

  it('draws a gap, not a zero, in a month without questions', () => {
    const config = brierByMonthConfig({
      months: data.months,
      monthLabel: (m) => `M${m}`,
      series: [
        { label: 'You', points: data.analysts[0]!.points },
        { label: 'All', points: pooledMonthly(data), dashed: true },
      ],
    });
    expect(config.data.labels).toEqual(['M2023-07', 'M2023-08', 'M2023-09']);
    expect(config.data.datasets[0]!.data).toEqual([0.2, null, 0.5]);
    expect(config.data.datasets[0]!.spanGaps).toBe(false);
    expect(config.data.datasets[1]!.borderDash).toEqual([6, 4]);
    expect((config.options!.scales!.y as { beginAtZero?: boolean }).beginAtZero).toBe(true);
  });
});

describe('the builders', () => {
  it('touch no DOM: with document and window set to traps, every builder runs without touching them', async () => {
    const touched: string[] = [];
    const trap = (name: string) =>
      new Proxy(
        {},
        {
          get(_, key) {
            touched.push(`${name}.${String(key)}`);
            throw new Error(`touched ${name}.${String(key)}`);
          },
          has(_, key) {
            touched.push(`${name}.${String(key)}`);
            return false;
          },
        },
      );
    const g = globalThis as Record<string, unknown>;
    g.document = trap('document');
    g.window = trap('window');
    try {
      // A fresh copy of the module, loaded under the traps: nothing at load time either.
      vi.resetModules();
      const fresh = (await import('../../web/charts.js')) as Record<string, unknown>;
      const samples: unknown[][] = [[], [[]], [{}], [[], {}], [null], ['binary', []]];
      let calls = 0;
      for (const [name, fn] of Object.entries(fresh)) {
        if (typeof fn !== 'function') continue;
        for (const args of samples) {
          calls++;
          try {
            (fn as (...a: unknown[]) => unknown)(...args);
          } catch (e) {
            // Bad sample arguments may throw; touching the DOM may not.
            expect(String(e), name).not.toMatch(/touched (document|window)/);
          }
        }
      }
      expect(calls).toBeGreaterThan(0);
      expect(
        () => fresh.calibrationChartConfig && (fresh.calibrationChartConfig as (b: unknown[]) => unknown)([]),
      ).not.toThrow();
    } finally {
      delete g.document;
      delete g.window;
    }
    expect(touched).toEqual([]);
  });

  it('are all declared in web/charts.d.ts, which the TypeScript tests import', () => {
    const dts = readFileSync(new URL('../../web/charts.d.ts', import.meta.url), 'utf8');
    for (const name of Object.keys(charts)) expect(dts, name).toMatch(new RegExp(`export (function|const) ${name}\\b`));
  });
});

describe('forecastChartConfig at team scale', () => {
  const T = Date.parse('2024-01-01T00:00:00Z');
  const handles = Array.from({ length: FAINT_ABOVE + 2 }, (_, i) => `a${String(i).padStart(2, '0')}`);
  const forecasts = handles.map((user, i) => ({
    user,
    createdAt: new Date(T + i * 60_000).toISOString(),
    probability: 0.5,
  }));
  const crowd = [{ at: new Date(T).toISOString(), probability: 0.5 }];
  const widths = (c: ReturnType<typeof forecastChartConfig>) =>
    Object.fromEntries(c.data.datasets.map((d) => [d.label, d.borderWidth]));

  it('draws the viewer, the one picked out and the pooled line bold, the others faint', () => {
    const c = forecastChartConfig({
      forecasts,
      crowd,
      until: T + 1e7,
      me: 'a01',
      highlight: 'a05',
      crowdLabel: 'Team (Mean)',
    });
    const w = widths(c);
    expect(w.a01).toBe(3);
    expect(w.a05).toBe(3);
    expect(w.a02).toBe(1);
    expect(w['Team (Mean)']).toBe(2.5);
    expect(String(c.data.datasets.find((d) => d.label === 'a02')!.borderColor)).toMatch(/^rgba\(.*,0\.3\)$/);
  });

  it('keeps every line at full strength on a small question with nobody picked out', () => {
    const c = forecastChartConfig({ forecasts: forecasts.slice(0, 3), crowd, until: T + 1e7, me: 'a01' });
    expect(widths(c)).toEqual({ a00: 2, a01: 3, a02: 2, Crowd: 2.5 });
  });
});
