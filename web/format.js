// @ts-check
/**
 * Number and time formatting for display. The API never rounds; the UI does,
 * here and only here, so every page shows the same precision.
 */

const DASH = '—';
const DAY = 86_400_000;

/** A probability (0..1) as a percentage: 0.625 -> "62.5%", 0.6 -> "60%". */
export function pct(/** @type {number | null | undefined} */ p, digits = 1) {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  const v = p * 100;
  const s = v.toFixed(digits);
  // Drop a trailing ".0" so whole percentages read cleanly.
  return `${digits > 0 && /\.0+$/.test(s) ? s.replace(/\.0+$/, '') : s}%`;
}

/** A score to fixed decimals (Brier and log loss: 3). */
export function num(/** @type {number | null | undefined} */ x, digits = 3) {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A signed score (relative Brier): "+0.120", "−0.716" (a true minus sign). */
export function signed(/** @type {number | null | undefined} */ x, digits = 3) {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const s = num(Math.abs(x), digits);
  if (Number(s) === 0) return num(0, digits);
  return `${x < 0 ? '−' : '+'}${s}`;
}

/** A mean with its 95% interval as "0.213 ± 0.041" (the interval is symmetric). */
export function plusMinus(/** @type {number | null} */ mean, /** @type {[number, number] | null} */ ci, digits = 3) {
  if (mean === null) return DASH;
  if (!ci) return num(mean, digits);
  return `${num(mean, digits)} ± ${num((ci[1] - ci[0]) / 2, digits)}`;
}

/** A p-value: two significant figures, "< 0.001" below that. */
export function pValue(/** @type {number | null} */ p) {
  if (p === null || !Number.isFinite(p)) return DASH;
  if (p < 0.001) return '< 0.001';
  return p.toPrecision(2);
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const monthFmt = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "12 Sep 2023" in the viewer's time zone. */
export function date(/** @type {string | number | Date | null | undefined} */ t) {
  if (t === null || t === undefined) return DASH;
  return dateFmt.format(new Date(t));
}

/** "12 Sep 2023, 14:05" in the viewer's time zone. */
export function dateTime(/** @type {string | number | Date | null | undefined} */ t) {
  if (t === null || t === undefined) return DASH;
  return dateTimeFmt.format(new Date(t));
}

/** A month key "2023-09" as "Sep 2023". */
export function month(/** @type {string} */ key) {
  const m = /^(\d{4})-(\d{2})/.exec(key);
  if (!m) return key;
  return monthFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** How far `t` is from `now`, in words: "in 3 days", "5 hours ago". */
export function relative(/** @type {string | number | Date} */ t, now = Date.now()) {
  const diff = new Date(t).getTime() - now;
  const abs = Math.abs(diff);
  /** @type {[number, string][]} */
  const units = [
    [365 * DAY, 'year'],
    [30 * DAY, 'month'],
    [DAY, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [ms, name] of units) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      const words = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `in ${words}` : `${words} ago`;
    }
  }
  // Now itself is "just now": only a moment still ahead is "in under a minute".
  return diff > 0 ? 'in under a minute' : 'just now';
}

/** Whether an open question closes within `days` ("closing soon" is 7 days). */
export function closingSoon(/** @type {{ status: string, closesAt: string }} */ q, now = Date.now(), days = 7) {
  const left = new Date(q.closesAt).getTime() - now;
  return q.status === 'open' && left >= 0 && left <= days * DAY;
}

/** A resolution outcome in words: "Yes", "No", "Annulled" or the option's label. */
export function outcomeLabel(
  /** @type {'yes' | 'no' | 'annulled' | number} */ outcome,
  /** @type {string[] | null} */ options,
) {
  if (outcome === 'yes') return 'Yes';
  if (outcome === 'no') return 'No';
  if (outcome === 'annulled') return 'Annulled';
  return options?.[outcome] ?? `Option ${outcome + 1}`;
}

/** A question's type in words: "Yes / no", "Categorical · 4 options", "Ordinal · 5 bins". */
export function typeLabel(/** @type {{ type: string, options: readonly string[] | null }} */ q) {
  if (q.type === 'binary') return 'Yes / no';
  const n = q.options?.length ?? 0;
  return q.type === 'ordinal' ? `Ordinal · ${n} bins` : `Categorical · ${n} options`;
}

/**
 * A forecast in words: binary "62%"; otherwise each option with its percentage,
 * "Before Sep 10 20% · Sep 10-13 50% · Later 30%".
 */
export function forecastText(
  /** @type {{ probability?: number, probabilities?: number[] }} */ f,
  /** @type {string[] | null} */ options,
) {
  if (f.probability !== undefined) return pct(f.probability);
  return (f.probabilities ?? []).map((p, i) => `${options?.[i] ?? `#${i + 1}`} ${pct(p)}`).join(' · ');
}

/** An ISO instant as the value of an <input type="datetime-local"> in the viewer's zone. */
export function toLocalInput(/** @type {string | number | Date} */ t) {
  const d = new Date(t);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> (local time) as an ISO instant, or null when empty or invalid. */
export function fromLocalInput(/** @type {string} */ v) {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * @typedef {object} ZoneOptions
 * @property {number} [now] the instant "this year" is judged from (ms; defaults to now)
 * @property {string} [timeZone] an IANA zone; the viewer's own when absent (tests pass one)
 */

/** @type {Map<string, Intl.DateTimeFormat>} */
const zoned = new Map();
/** A cached formatter for one set of options in one zone. */
function fmtIn(/** @type {string | undefined} */ timeZone, /** @type {Intl.DateTimeFormatOptions} */ opts) {
  const key = `${timeZone ?? ''}|${JSON.stringify(opts)}`;
  let f = zoned.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...opts, ...(timeZone ? { timeZone } : {}) });
    zoned.set(key, f);
  }
  return f;
}

/** The calendar year of `t` in a zone. */
function yearIn(/** @type {number} */ t, /** @type {string | undefined} */ timeZone) {
  return fmtIn(timeZone, { year: 'numeric' }).format(new Date(t));
}

/**
 * A moment in words for people, in the viewer's time zone: "30 Nov, 05:12",
 * with the year only when it is not this year ("30 Nov 2024, 05:12").
 *
 * @example when(Date.parse('2025-11-30T05:12:00Z'), { now: Date.parse('2025-12-15T00:00:00Z'), timeZone: 'UTC' }) // "30 Nov, 05:12"
 * @param {string | number | Date} t
 * @param {ZoneOptions} [opts]
 */
export function when(t, opts = {}) {
  const ms = new Date(t).getTime();
  const sameYear = yearIn(ms, opts.timeZone) === yearIn(opts.now ?? Date.now(), opts.timeZone);
  const day = fmtIn(
    opts.timeZone,
    sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' },
  );
  return `${day.format(ms)}, ${clockTime(ms, opts)}`;
}

/**
 * The time of day, "05:15", in the viewer's time zone.
 * @param {string | number | Date} t
 * @param {ZoneOptions} [opts]
 */
export function clockTime(t, opts = {}) {
  return fmtIn(opts.timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
}

/**
 * A forecast as one short phrase for the one number people compare: P(yes) on
 * a binary question ("55%"), else the probability of option `option` ("Hold 60%").
 * @param {{ probability?: number, probabilities?: number[] } | null | undefined} f
 * @param {readonly string[] | null} options
 * @param {number} [option] the option to quote (categorical and ordinal)
 */
export function forecastShort(f, options, option = 0) {
  if (!f) return DASH;
  if (f.probability !== undefined) return pct(f.probability);
  return `${options?.[option] ?? `Option ${option + 1}`} ${pct(f.probabilities?.[option])}`;
}

/**
 * The option a forecast gives most to (the first of equals), for quoting one
 * number of a categorical or ordinal forecast; 0 for none.
 * @param {{ probabilities?: number[] } | null | undefined} f
 */
export function leadingOption(f) {
  const ps = f?.probabilities ?? [];
  let best = 0;
  ps.forEach((p, i) => {
    if (p > (ps[best] ?? -1)) best = i;
  });
  return best;
}
