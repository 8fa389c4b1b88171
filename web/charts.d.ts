// Generated from web/charts.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/charts.d.ts web/
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
export function stepSeries(
  points: {
    at: number;
    value: number;
  }[],
  until: number,
): StepPoint[];
/**
 * The number a forecast gives the charted outcome: P(yes) on a binary
 * question, else the probability of option `option`.
 * @param {{ probability?: number, probabilities?: number[] }} f
 * @param {number} option
 */
export function chartedValue(
  f: {
    probability?: number;
    probabilities?: number[];
  },
  option: number,
): number;
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
export function timeTicks(min: number, max: number, maxTicks?: number): number[];
/**
 * A tick label for a time axis spanning `span` ms: dates, or dates with times
 * when the chart covers less than three days; with the year when the axis
 * runs across more than one calendar year ("12 Sept 2023"), so no date on it
 * can be read in the wrong year.
 * @param {number} t
 * @param {number} span
 * @param {boolean} [withYear]
 */
export function timeTick(t: number, span: number, withYear?: boolean): string;
/** Whether the instants `min` and `max` fall in different calendar years (in the viewer's zone). */
export function spansYears(min: number, max: number): boolean;
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
export function forecastChartConfig({
  forecasts,
  crowd,
  until,
  option,
  me,
  highlight,
  crowdLabel,
}: {
  forecasts: {
    user: string;
    createdAt: string;
    probability?: number;
    probabilities?: number[];
  }[];
  crowd: {
    at: string;
    probability?: number;
    probabilities?: number[];
  }[];
  until: number;
  option?: number | undefined;
  me?: string | undefined;
  highlight?: string | undefined;
  crowdLabel?: string | undefined;
}): ForecastChartConfig;
/**
 * The non-empty bins of a calibration as chart points.
 * @param {{ lo: number, hi: number, n: number, meanForecast: number | null, observedFrequency: number | null, ci95: [number, number] | null }[]} bins
 * @returns {CalibrationPoint[]}
 */
export function calibrationPoints(
  bins: {
    lo: number;
    hi: number;
    n: number;
    meanForecast: number | null;
    observedFrequency: number | null;
    ci95: [number, number] | null;
  }[],
): CalibrationPoint[];
/** A marker's radius for a bin of n events, scaled against the largest bin (area grows with n). */
export function binRadius(n: number, maxN: number): number;
/**
 * Draws each calibration point's Wilson 95% interval as a vertical error bar
 * with caps (before the markers, so they sit on top), and writes "n" next to
 * each marker of the series listed in `labelled`.
 * @param {number[]} seriesIndexes datasets with error bars
 * @param {number[]} labelled datasets whose points get an n label
 * @returns {ScatterPlugin}
 */
export function calibrationPlugin(seriesIndexes: number[], labelled: number[]): ScatterPlugin;
/**
 * A calibration plot: the diagonal (perfect calibration), then one series per
 * calibration, each bin a marker at (mean forecast, observed frequency) sized
 * by its n, with its Wilson 95% interval as an error bar.
 *
 * @param {{ label: string, bins: import('./types').CalibrationBin[], color?: string, hollow?: boolean }[]} series the analyst first, then the pooled team
 * @returns {CalibrationChartConfig}
 */
export function calibrationChartConfig(
  series: {
    label: string;
    bins: import('./types').CalibrationBin[];
    color?: string;
    hollow?: boolean;
  }[],
): CalibrationChartConfig;
/** "#4e79a7" and 0.5 -> "rgba(78,121,167,0.5)". */
export function hexAlpha(hex: string, alpha: number): string;
/**
 * Every analyst's monthly means pooled into one reference line: each month's
 * mean time-weighted Brier over all scored questions of all analysts (weighted
 * by their question counts).
 * @param {import('./types').BrierByMonth} data
 * @returns {{ month: string, questions: number, meanTimeWeightedBrier: number }[]}
 */
export function pooledMonthly(data: import('./types').BrierByMonth): {
  month: string;
  questions: number;
  meanTimeWeightedBrier: number;
}[];
/**
 * Brier by month: one line per series over the given months (a month a series
 * has no questions in is a gap, not a zero).
 * @param {object} input
 * @param {string[]} input.months "YYYY-MM", ascending
 * @param {(month: string) => string} input.monthLabel
 * @param {{ label: string, points: { month: string, questions: number, meanTimeWeightedBrier: number }[], color?: string, dashed?: boolean }[]} input.series
 * @returns {MonthlyChartConfig}
 */
export function brierByMonthConfig({
  months,
  monthLabel,
  series,
}: {
  months: string[];
  monthLabel: (month: string) => string;
  series: {
    label: string;
    points: {
      month: string;
      questions: number;
      meanTimeWeightedBrier: number;
    }[];
    color?: string;
    dashed?: boolean;
  }[];
}): MonthlyChartConfig;
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
export const PALETTE: string[];
export const CROWD_COLOR: '#1f2937';
export const POOLED_COLOR: '#9ca3af';
/** More analysts than this on a question's chart: all but the viewer and the one picked out are drawn faint. */
export const FAINT_ABOVE: 8;
export type ForecastChartConfig = import('chart.js').ChartConfiguration<'line', StepPoint[]>;
export type CalibrationChartConfig = import('chart.js').ChartConfiguration<'scatter', CalibrationPoint[]>;
export type MonthlyChartConfig = import('chart.js').ChartConfiguration<'line', (number | null)[]>;
export type ScatterPlugin = import('chart.js').Plugin<'scatter'>;
/**
 * A point of a step line; `carried` marks the point that only extends the last
 * forecast to the end of the chart (not a forecast itself; no marker, no tooltip).
 */
export type StepPoint = {
  x: number;
  y: number;
  carried?: boolean;
};
/**
 * A calibration bin as a chart point: x = mean forecast, y = observed frequency.
 */
export type CalibrationPoint = {
  x: number;
  y: number;
  n: number;
  lo: number | null;
  hi: number | null;
  binLo: number;
  binHi: number;
};
