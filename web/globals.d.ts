/** chart.js is loaded as a classic script (/vendor/chart.js), which defines the global `Chart`. */
import type { Chart as ChartClass } from 'chart.js';

declare global {
  var Chart: typeof ChartClass;
}
export {};
