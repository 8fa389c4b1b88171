// @ts-check
/**
 * Chart builders: pure functions from API data to chart.js configurations.
 * No DOM here (the pages hand the config to `new Chart(canvas, config)`), so
 * every builder is unit-tested in tests/web/charts.test.ts. The small plugins
 * (calibration error bars and n labels) only draw on the chart they are given.
 */

import { compareCodePoints } from './compare.js';

/** @typedef {import('chart.js').ChartConfiguration<'line', StepPoint[]>} ForecastChartConfig */
/** @typedef {import('chart.js').ChartConfiguration<'scatter', CalibrationPoint[]>} CalibrationChartConfig */
/** @typedef {import('chart.js').ChartConfiguration<'line', (number | null)[]>} MonthlyChartConfig */
/** @typedef {import('chart.js').Plugin<'scatter'>} ScatterPlugin */

/**
 * A point of a step line; `carried` marks the point that only extends the last
 * forecast to the end of the chart (not a forecast itself; no marker, no tooltip).
 * @typedef {{ x: number, y: number, carried?: boolean }} StepPoint
 */

/**
 * A calibration bin as a chart point: x = mean forecast, y = observed frequency.
 * @typedef {{ x: number, y: number, n: number, lo: number | null, hi: number | null, binLo: number, binHi: number }} CalibrationPoint
 */

/** Colours for analysts, distinguishable and print-safe (Tableau 10). */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
export const CROWD_COLOR = '#1f2937';
export const POOLED_COLOR = '#9ca3af';
const GRID = '#eef0f3';
const TICK = '#6b7280';

const DAY = 86_400_000;

/** 0.62 -> "62%" for axis ticks and tooltips (0.625 -> "62.5%"). */
function tickPct(/** @type {number | string} */ v) {
  const n = Number(v) * 100;
  return `${Math.abs(n - Math.round(n)) < 1e-9 ? Math.round(n) : n.toFixed(1)}%`;
}

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const shortDateYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const shortDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const longDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * The step series of one analyst's forecasts: one point per forecast, in time
 * order, and the last value carried to `until` (the end of the chart) so the
 * line shows how long it stood. chart.js draws it with `stepped: 'before'`:
 * horizontal at the old value, then a vertical jump at the new forecast.
 *
 * @example stepSeries([{ at: 0, value: 0.6 }, { at: 50, value: 0.9 }], 100)
 * // [{x: 0, y: 0.6}, {x: 50, y: 0.9}, {x: 100, y: 0.9, carried: true}]
 * @param {{ at: number, value: number }[]} points
 * @param {number} until
 * @returns {StepPoint[]}
 */
export function stepSeries(points, until) {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  /** @type {StepPoint[]} */
  const out = sorted.map((p) => ({ x: p.at, y: p.value }));
  const last = out[out.length - 1];
  if (last && until > last.x) out.push({ x: until, y: last.y, carried: true });
  return out;
}

/**
 * The number a forecast gives the charted outcome: P(yes) on a binary
 * question, else the probability of option `option`.
 * @param {{ probability?: number, probabilities?: number[] }} f
 * @param {number} option
 */
export function chartedValue(f, option) {
  if (f.probability !== undefined) return f.probability;
  return f.probabilities?.[option] ?? 0;
}

const HOUR = 3_600_000;
/** Tick steps a time axis may use: hours, days, weeks, months (as ~30 days), years. */
const STEPS = [
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  3 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  365 * DAY,
];

/**
 * Tick positions for a time axis from `min` to `max` (ms): at most `maxTicks`
 * round instants in the viewer's time zone (whole hours, midnights, first days
 * of months), so grid lines fall on days rather than on arbitrary milliseconds.
 *
 * @example timeTicks(Date.parse('2023-09-01'), Date.parse('2023-09-05'), 8) // each midnight
 * @param {number} min
 * @param {number} max
 * @param {number} [maxTicks]
 * @returns {number[]}
 */
export function timeTicks(min, max, maxTicks = 8) {
  if (!(max > min)) return [min];
  const span = max - min;
  const step = STEPS.find((s) => span / s <= maxTicks) ?? 365 * DAY;
  const d = new Date(min);
  /** @type {(d: Date) => void} */
  let next;
  if (step < DAY) {
    const hours = step / HOUR;
    d.setMinutes(0, 0, 0);
    d.setHours(Math.floor(d.getHours() / hours) * hours);
    next = (x) => x.setHours(x.getHours() + hours);
  } else if (step < 30 * DAY) {
    const days = step / DAY;
    d.setHours(0, 0, 0, 0);
    next = (x) => x.setDate(x.getDate() + days);
  } else {
    const months = step === 30 * DAY ? 1 : step === 91 * DAY ? 3 : 12;
    d.setHours(0, 0, 0, 0);
    d.setDate(1);
    d.setMonth(Math.floor(d.getMonth() / months) * months);
    next = (x) => x.setMonth(x.getMonth() + months);
  }
  /** @type {number[]} */
  const out = [];
  for (let guard = 0; d.getTime() <= max && guard < 1000; guard++) {
    if (d.getTime() >= min) out.push(d.getTime());
    next(d);
  }
  return out;
}

/**
 * A tick label for a time axis spanning `span` ms: dates, or dates with times
 * when the chart covers less than three days; with the year when the axis
 * runs across more than one calendar year ("12 Sept 2023"), so no date on it
 * can be read in the wrong year.
 * @param {number} t
 * @param {number} span
 * @param {boolean} [withYear]
 */
export function timeTick(t, span, withYear = false) {
  if (span < 3 * DAY) return (withYear ? longDateTime : shortDateTime).format(new Date(t));
  return (withYear ? shortDateYear : shortDate).format(new Date(t));
}

/** Whether the instants `min` and `max` fall in different calendar years (in the viewer's zone). */
export function spansYears(/** @type {number} */ min, /** @type {number} */ max) {
  return new Date(min).getFullYear() !== new Date(max).getFullYear();
}

/** More analysts than this on a question's chart: all but the viewer and the one picked out are drawn faint. */
export const FAINT_ABOVE = 8;

/**
 * Every visible analyst's forecasts over time as step lines, plus the crowd
 * forecast (dark, dashed), for one outcome of a question.
 *
 * @param {object} input
 * @param {{ user: string, createdAt: string, probability?: number, probabilities?: number[] }[]} input.forecasts oldest first, as the API lists them
 * @param {{ at: string, probability?: number, probabilities?: number[] }[]} input.crowd the crowd's step points (empty when hidden)
 * @param {number} input.until where the lines end (ms): now while open, else the end of forecasting
 * @param {number} [input.option] which option to chart (categorical and ordinal); binary charts P(yes)
 * @param {string} [input.me] the viewer's handle: their line is drawn heavier
 * @param {string} [input.highlight] an analyst picked out by the viewer: drawn heavy like the viewer
 * @param {string} [input.crowdLabel] the pooled line's legend label ('Crowd', or another aggregate's)
 * @returns {ForecastChartConfig}
 */
export function forecastChartConfig({ forecasts, crowd, until, option = 0, me, highlight, crowdLabel = 'Crowd' }) {
  /** @type {Map<string, { at: number, value: number }[]>} */
  const byUser = new Map();
  for (const f of forecasts) {
    const list = byUser.get(f.user) ?? [];
    list.push({ at: Date.parse(f.createdAt), value: chartedValue(f, option) });
    byUser.set(f.user, list);
  }
  const handles = [...byUser.keys()].sort(compareCodePoints);
  // At team scale every line at full strength is spaghetti: the viewer, the one
  // picked out and the pooled line stay bold, the others go faint.
  const crowded = handles.length > FAINT_ABOVE || (highlight !== undefined && highlight !== '');
  const datasets = handles.map((handle, i) => {
    const base = PALETTE[i % PALETTE.length] ?? CROWD_COLOR;
    const bold = handle === me || handle === highlight;
    const faint = crowded && !bold;
    const color = faint ? hexAlpha(base, 0.3) : base;
    return {
      label: handle,
      data: stepSeries(byUser.get(handle) ?? [], until),
      stepped: /** @type {const} */ ('before'),
      borderColor: color,
      backgroundColor: color,
      borderWidth: bold ? 3 : faint ? 1 : 2,
      clip: 8,
      pointRadius: /** @type {(ctx: { raw: unknown }) => number} */ (
        (ctx) => (/** @type {StepPoint} */ (ctx.raw).carried ? 0 : bold ? 4 : faint ? 1.5 : 3)
      ),
      pointHoverRadius: 5,
      fill: false,
      borderDash: /** @type {number[]} */ ([]),
      order: bold ? 0 : 1,
    };
  });
  if (crowd.length > 0) {
    datasets.push({
      label: crowdLabel,
      data: stepSeries(
        crowd.map((p) => ({ at: Date.parse(p.at), value: chartedValue(p, option) })),
        until,
      ),
      stepped: 'before',
      borderColor: CROWD_COLOR,
      backgroundColor: CROWD_COLOR,
      borderWidth: 2.5,
      clip: 8,
      pointRadius: () => 0,
      pointHoverRadius: 4,
      fill: false,
      borderDash: [6, 4],
      order: 0,
    });
  }
  const xs = datasets.flatMap((d) => d.data.map((p) => p.x));
  let min = xs.length ? Math.min(...xs) : until - DAY;
  let max = Math.max(until, ...xs);
  if (max - min < 60_000) {
    min -= 30 * 60_000;
    max += 30 * 60_000;
  }
  const span = max - min;
  const withYear = spansYears(min, max);
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      layout: { padding: { top: 8, right: 12 } },
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          grid: { color: GRID },
          afterBuildTicks: (axis) => {
            axis.ticks = timeTicks(axis.min, axis.max).map((value) => ({ value }));
          },
          ticks: { color: TICK, autoSkip: true, maxRotation: 0, callback: (v) => timeTick(Number(v), span, withYear) },
        },
        y: {
          min: 0,
          max: 1,
          grid: { color: GRID },
          ticks: { color: TICK, stepSize: 0.25, callback: (v) => tickPct(v) },
          title: { display: true, text: 'Probability', color: TICK },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 16 } },
        tooltip: {
          filter: (item) => !(/** @type {StepPoint} */ (item.raw).carried),
          callbacks: {
            title: (items) =>
              items[0] ? longDateTime.format(new Date(/** @type {StepPoint} */ (items[0].raw).x)) : '',
            label: (item) => `${item.dataset.label}: ${tickPct(/** @type {StepPoint} */ (item.raw).y)}`,
          },
        },
      },
    },
  };
}

/**
 * The non-empty bins of a calibration as chart points.
 * @param {{ lo: number, hi: number, n: number, meanForecast: number | null, observedFrequency: number | null, ci95: [number, number] | null }[]} bins
 * @returns {CalibrationPoint[]}
 */
export function calibrationPoints(bins) {
  /** @type {CalibrationPoint[]} */
  const out = [];
  for (const b of bins) {
    if (b.n === 0 || b.meanForecast === null || b.observedFrequency === null) continue;
    out.push({
      x: b.meanForecast,
      y: b.observedFrequency,
      n: b.n,
      lo: b.ci95?.[0] ?? null,
      hi: b.ci95?.[1] ?? null,
      binLo: b.lo,
      binHi: b.hi,
    });
  }
  return out;
}

/** A marker's radius for a bin of n events, scaled against the largest bin (area grows with n). */
export function binRadius(/** @type {number} */ n, /** @type {number} */ maxN) {
  if (maxN <= 0) return 4;
  return 4 + 10 * Math.sqrt(n / maxN);
}

/**
 * Draws each calibration point's Wilson 95% interval as a vertical error bar
 * with caps (before the markers, so they sit on top), and writes "n" next to
 * each marker of the series listed in `labelled`.
 * @param {number[]} seriesIndexes datasets with error bars
 * @param {number[]} labelled datasets whose points get an n label
 * @returns {ScatterPlugin}
 */
export function calibrationPlugin(seriesIndexes, labelled) {
  return {
    id: 'reckonCalibration',
    beforeDatasetsDraw(chart) {
      const { ctx } = chart;
      const y = chart.scales.y;
      if (!y) return;
      ctx.save();
      for (const i of seriesIndexes) {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) continue;
        const ds = chart.data.datasets[i];
        const color = typeof ds?.borderColor === 'string' ? ds.borderColor : CROWD_COLOR;
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        meta.data.forEach((el, j) => {
          const p = /** @type {CalibrationPoint | undefined} */ (ds?.data[j]);
          if (!p || p.lo === null || p.hi === null) return;
          const top = y.getPixelForValue(p.hi);
          const bottom = y.getPixelForValue(p.lo);
          ctx.beginPath();
          ctx.moveTo(el.x, top);
          ctx.lineTo(el.x, bottom);
          ctx.moveTo(el.x - 4, top);
          ctx.lineTo(el.x + 4, top);
          ctx.moveTo(el.x - 4, bottom);
          ctx.lineTo(el.x + 4, bottom);
          ctx.stroke();
        });
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      for (const i of labelled) {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) continue;
        const ds = chart.data.datasets[i];
        ctx.fillStyle = typeof ds?.borderColor === 'string' ? ds.borderColor : CROWD_COLOR;
        meta.data.forEach((el, j) => {
          const p = /** @type {CalibrationPoint | undefined} */ (ds?.data[j]);
          if (!p) return;
          const r = binRadius(p.n, maxOf(ds?.data));
          // A white halo keeps the label readable over grid lines and other markers.
          ctx.strokeText(`n=${p.n}`, el.x + r + 4, el.y);
          ctx.fillText(`n=${p.n}`, el.x + r + 4, el.y);
        });
      }
      ctx.restore();
    },
  };
}

/** @param {unknown[] | undefined} data */
function maxOf(data) {
  let m = 0;
  for (const p of data ?? []) m = Math.max(m, /** @type {CalibrationPoint} */ (p).n ?? 0);
  return m;
}

/**
 * A calibration plot: the diagonal (perfect calibration), then one series per
 * calibration, each bin a marker at (mean forecast, observed frequency) sized
 * by its n, with its Wilson 95% interval as an error bar.
 *
 * @param {{ label: string, bins: import('./types').CalibrationBin[], color?: string, hollow?: boolean }[]} series the analyst first, then the pooled team
 * @returns {CalibrationChartConfig}
 */
export function calibrationChartConfig(series) {
  const maxN = Math.max(0, ...series.flatMap((s) => s.bins.map((b) => b.n)));
  /** @type {import('chart.js').ChartDataset<'scatter', CalibrationPoint[]>[]} */
  const datasets = [
    {
      label: 'Perfect calibration',
      data: [
        { x: 0, y: 0, n: 0, lo: null, hi: null, binLo: 0, binHi: 0 },
        { x: 1, y: 1, n: 0, lo: null, hi: null, binLo: 1, binHi: 1 },
      ],
      showLine: true,
      borderColor: '#c4c9d2',
      backgroundColor: '#c4c9d2',
      borderDash: [5, 5],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0,
      order: 3,
    },
  ];
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length] ?? CROWD_COLOR;
    const data = calibrationPoints(s.bins);
    datasets.push({
      label: s.label,
      data,
      borderColor: color,
      backgroundColor: s.hollow ? 'rgba(255,255,255,0.9)' : hexAlpha(color, 0.75),
      borderWidth: s.hollow ? 2 : 1.5,
      pointStyle: s.hollow ? 'rectRot' : 'circle',
      pointRadius: data.map((p) => binRadius(p.n, maxN)),
      pointHoverRadius: data.map((p) => binRadius(p.n, maxN) + 2),
      clip: false,
      order: i === 0 ? 0 : 1,
    });
  });
  // Error bars and n labels on the first series (the analyst); the pooled
  // series shows its interval in the tooltip, so the plot stays readable.
  const first = series.length ? [1] : [];
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: 1,
      layout: { padding: { top: 12, right: 40 } }, // room for the "n=…" label of the last bin
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 1,
          grid: { color: GRID },
          ticks: { color: TICK, stepSize: 0.1, callback: (v) => tickPct(v) },
          title: { display: true, text: 'Forecast probability (mean in bin)', color: TICK },
        },
        y: {
          type: 'linear',
          min: 0,
          max: 1,
          grid: { color: GRID },
          ticks: { color: TICK, stepSize: 0.1, callback: (v) => tickPct(v) },
          title: { display: true, text: 'Observed frequency', color: TICK },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 16 },
        },
        tooltip: {
          filter: (item) => item.datasetIndex > 0,
          callbacks: {
            title: (items) => {
              const p = /** @type {CalibrationPoint | undefined} */ (items[0]?.raw);
              return p ? `Forecasts ${tickPct(p.binLo)}–${tickPct(p.binHi)}` : '';
            },
            label: (item) => {
              const p = /** @type {CalibrationPoint} */ (item.raw);
              const ci =
                p.lo !== null && p.hi !== null ? `, 95% CI ${tickPct(round3(p.lo))}–${tickPct(round3(p.hi))}` : '';
              return `${item.dataset.label}: forecast ${tickPct(round3(p.x))}, observed ${tickPct(round3(p.y))} (n=${p.n}${ci})`;
            },
          },
        },
      },
    },
    plugins: [calibrationPlugin(first, first)],
  };
}

/** @param {number} x */
function round3(x) {
  return Math.round(x * 1000) / 1000;
}

/** "#4e79a7" and 0.5 -> "rgba(78,121,167,0.5)". */
export function hexAlpha(/** @type {string} */ hex, /** @type {number} */ alpha) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1] ?? '0', 16)},${parseInt(m[2] ?? '0', 16)},${parseInt(m[3] ?? '0', 16)},${alpha})`;
}

/**
 * Every analyst's monthly means pooled into one reference line: each month's
 * mean time-weighted Brier over all scored questions of all analysts (weighted
 * by their question counts).
 * @param {import('./types').BrierByMonth} data
 * @returns {{ month: string, questions: number, meanTimeWeightedBrier: number }[]}
 */
export function pooledMonthly(data) {
  /** @type {Map<string, { sum: number, n: number }>} */
  const acc = new Map();
  for (const a of data.analysts) {
    for (const p of a.points) {
      const m = acc.get(p.month) ?? { sum: 0, n: 0 };
      m.sum += p.meanTimeWeightedBrier * p.questions;
      m.n += p.questions;
      acc.set(p.month, m);
    }
  }
  return data.months
    .filter((m) => acc.has(m))
    .map((m) => {
      const a = acc.get(m) ?? { sum: 0, n: 1 };
      return { month: m, questions: a.n, meanTimeWeightedBrier: a.sum / a.n };
    });
}

/**
 * Brier by month: one line per series over the given months (a month a series
 * has no questions in is a gap, not a zero).
 * @param {object} input
 * @param {string[]} input.months "YYYY-MM", ascending
 * @param {(month: string) => string} input.monthLabel
 * @param {{ label: string, points: { month: string, questions: number, meanTimeWeightedBrier: number }[], color?: string, dashed?: boolean }[]} input.series
 * @returns {MonthlyChartConfig}
 */
export function brierByMonthConfig({ months, monthLabel, series }) {
  const datasets = series.map((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length] ?? CROWD_COLOR;
    const byMonth = new Map(s.points.map((p) => [p.month, p]));
    return {
      label: s.label,
      data: months.map((m) => byMonth.get(m)?.meanTimeWeightedBrier ?? null),
      borderColor: color,
      backgroundColor: color,
      borderWidth: s.dashed ? 1.5 : 2.5,
      borderDash: s.dashed ? [6, 4] : [],
      pointRadius: s.dashed ? 0 : 4,
      pointHoverRadius: 5,
      spanGaps: false,
      tension: 0,
    };
  });
  const counts = series.map((s) => new Map(s.points.map((p) => [p.month, p.questions])));
  return {
    type: 'line',
    data: { labels: months.map(monthLabel), datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { grid: { color: GRID }, ticks: { color: TICK } },
        y: {
          beginAtZero: true,
          suggestedMax: 0.5,
          grid: { color: GRID },
          ticks: { color: TICK },
          title: { display: true, text: 'Mean time-weighted Brier', color: TICK },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 16 } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const v = item.parsed.y;
              if (v === null || v === undefined) return '';
              const n = counts[item.datasetIndex]?.get(months[item.dataIndex] ?? '') ?? 0;
              return `${item.dataset.label}: ${v.toFixed(3)} (${n} question${n === 1 ? '' : 's'})`;
            },
          },
        },
      },
    },
  };
}
