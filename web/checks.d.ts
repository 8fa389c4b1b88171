// Generated from web/checks.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/checks.d.ts web/
/**
 * A percentage as typed: "55", "55.5", "55,5", "55 %" -> 55 (a number from 0
 * to 100), or the problem with it.
 *
 * @example parsePercent('150') // { ok: false, problem: '150% is over 100%: enter a probability from 0 to 100.' }
 * @param {string} text
 * @returns {{ ok: true, value: number } | { ok: false, problem: string }}
 */
export function parsePercent(text: string):
  | {
      ok: true;
      value: number;
    }
  | {
      ok: false;
      problem: string;
    };
/**
 * A bound on a moment: `at` (ms), and how to say that the moment falls on the
 * wrong side of it ("in the future", "before the question opens").
 * @typedef {{ at: number, words: string }} Bound
 */
/**
 * The problem with a moment entered to the minute, or null: it may not fall
 * after `latest` nor before `earliest`. The bound is quoted rounded to the
 * minute the person could enter (down for a latest, up for an earliest).
 *
 * @example
 * timeProblem(Date.parse('2025-12-16T00:00Z'), {
 *   label: 'Known since',
 *   latest: { at: Date.parse('2025-11-30T05:12:40Z'), words: 'in the future' },
 *   timeZone: 'UTC',
 * }) // "Known since can't be in the future (latest: 30 Nov, 05:12)"
 * @param {number} t the moment (ms)
 * @param {{ label: string, earliest?: Bound, latest?: Bound } & ZoneOptions} rule
 * @returns {string | null}
 */
export function timeProblem(
  t: number,
  rule: {
    label: string;
    earliest?: Bound;
    latest?: Bound;
  } & ZoneOptions,
): string | null;
/**
 * A web address as typed, with `https://` added when it has no scheme
 * ("example.org/report" -> "https://example.org/report"); "" stays empty
 * (null). Only http and https addresses are links a source can be.
 *
 * @param {string} text
 * @param {string} [label] the field's name in the message
 * @returns {{ ok: true, url: string | null } | { ok: false, problem: string }}
 */
export function withScheme(
  text: string,
  label?: string,
):
  | {
      ok: true;
      url: string | null;
    }
  | {
      ok: false;
      problem: string;
    };
/**
 * The problem with a key, handle or tag, or null.
 * @example slugProblem('Trade deal', 'A tag') // "A tag may only use a–z, 0–9 and dashes: “Trade deal” has a space"
 * @param {string} value
 * @param {string} label "The key", "A tag", "The handle"
 * @param {string} [example] a good value to show
 */
export function slugProblem(value: string, label: string, example?: string): string | null;
/**
 * Option labels, one per line, for a question of `type`: the cleaned list, or
 * the problem (too few for the type, one listed twice, one too long).
 * @param {string} text
 * @param {'categorical' | 'ordinal'} type
 * @returns {{ ok: true, options: string[] } | { ok: false, problem: string }}
 */
export function parseOptions(
  text: string,
  type: 'categorical' | 'ordinal',
):
  | {
      ok: true;
      options: string[];
    }
  | {
      ok: false;
      problem: string;
    };
/** The rule for keys, handles and tags (src/domain/keys.ts SLUG_PATTERN). */
export const SLUG: RegExp;
/**
 * A bound on a moment: `at` (ms), and how to say that the moment falls on the
 * wrong side of it ("in the future", "before the question opens").
 */
export type Bound = {
  at: number;
  words: string;
};
export type ZoneOptions = import('./format.js').ZoneOptions;
