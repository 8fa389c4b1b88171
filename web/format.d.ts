// Generated from web/format.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/format.d.ts web/
/** A probability (0..1) as a percentage: 0.625 -> "62.5%", 0.6 -> "60%". */
export function pct(p: number | null | undefined, digits?: number): string;
/** A score to fixed decimals (Brier and log loss: 3). */
export function num(x: number | null | undefined, digits?: number): string;
/** A signed score (relative Brier): "+0.120", "−0.716" (a true minus sign). */
export function signed(x: number | null | undefined, digits?: number): string;
/** A mean with its 95% interval as "0.213 ± 0.041" (the interval is symmetric). */
export function plusMinus(mean: number | null, ci: [number, number] | null, digits?: number): string;
/** A p-value: two significant figures, "< 0.001" below that. */
export function pValue(p: number | null): string;
/** "12 Sep 2023" in the viewer's time zone. */
export function date(t: string | number | Date | null | undefined): string;
/** "12 Sep 2023, 14:05" in the viewer's time zone. */
export function dateTime(t: string | number | Date | null | undefined): string;
/** A month key "2023-09" as "Sep 2023". */
export function month(key: string): string;
/** How far `t` is from `now`, in words: "in 3 days", "5 hours ago". */
export function relative(t: string | number | Date, now?: number): string;
/** Whether an open question closes within `days` ("closing soon" is 7 days). */
export function closingSoon(
  q: {
    status: string;
    closesAt: string;
  },
  now?: number,
  days?: number,
): boolean;
/** A resolution outcome in words: "Yes", "No", "Annulled" or the option's label. */
export function outcomeLabel(outcome: 'yes' | 'no' | 'annulled' | number, options: string[] | null): string;
/** A question's type in words: "Yes / no", "Categorical · 4 options", "Ordinal · 5 bins". */
export function typeLabel(q: { type: string; options: readonly string[] | null }): string;
/**
 * A forecast in words: binary "62%"; otherwise each option with its percentage,
 * "Before Sep 10 20% · Sep 10-13 50% · Later 30%".
 */
export function forecastText(
  f: {
    probability?: number;
    probabilities?: number[];
  },
  options: string[] | null,
): string;
/** An ISO instant as the value of an <input type="datetime-local"> in the viewer's zone. */
export function toLocalInput(t: string | number | Date): string;
/** The value of an <input type="datetime-local"> (local time) as an ISO instant, or null when empty or invalid. */
export function fromLocalInput(v: string): string | null;
/**
 * A moment in words for people, in the viewer's time zone: "30 Nov, 05:12",
 * with the year only when it is not this year ("30 Nov 2024, 05:12").
 *
 * @example when(Date.parse('2025-11-30T05:12:00Z'), { now: Date.parse('2025-12-15T00:00:00Z'), timeZone: 'UTC' }) // "30 Nov, 05:12"
 * @param {string | number | Date} t
 * @param {ZoneOptions} [opts]
 */
export function when(t: string | number | Date, opts?: ZoneOptions): string;
/**
 * The time of day, "05:15", in the viewer's time zone.
 * @param {string | number | Date} t
 * @param {ZoneOptions} [opts]
 */
export function clockTime(t: string | number | Date, opts?: ZoneOptions): string;
/**
 * A forecast as one short phrase for the one number people compare: P(yes) on
 * a binary question ("55%"), else the probability of option `option` ("Hold 60%").
 * @param {{ probability?: number, probabilities?: number[] } | null | undefined} f
 * @param {readonly string[] | null} options
 * @param {number} [option] the option to quote (categorical and ordinal)
 */
export function forecastShort(
  f:
    | {
        probability?: number;
        probabilities?: number[];
      }
    | null
    | undefined,
  options: readonly string[] | null,
  option?: number,
): string;
/**
 * The option a forecast gives most to (the first of equals), for quoting one
 * number of a categorical or ordinal forecast; 0 for none.
 * @param {{ probabilities?: number[] } | null | undefined} f
 */
export function leadingOption(
  f:
    | {
        probabilities?: number[];
      }
    | null
    | undefined,
): number;
export type ZoneOptions = {
  /**
   * the instant "this year" is judged from (ms; defaults to now)
   */
  now?: number | undefined;
  /**
   * an IANA zone; the viewer's own when absent (tests pass one)
   */
  timeZone?: string | undefined;
};
