// @ts-check
/**
 * Checks forms run in the browser before sending, worded for people: what is
 * wrong and what would be right, with times in the viewer's own time zone
 * ("Known since can't be in the future (latest: 30 Nov, 05:12)"), never the
 * API's wording ("must be within [2025-12-15T00:00:00.000Z, …]"). The API
 * checks everything again; these only save a round trip and say it better.
 *
 * Pure functions (no DOM), tested in tests/web/checks.test.ts. Each returns a
 * problem as a sentence, or the cleaned value; forms.js `showProblems` puts
 * the sentences under their fields.
 */
import { when } from './format.js';

/** @typedef {import('./format.js').ZoneOptions} ZoneOptions */

const MINUTE = 60_000;

/** What a percentage box accepts, in words, for every message about one. */
const PERCENT_RANGE = 'enter a probability from 0 to 100';

/**
 * A percentage as typed: "55", "55.5", "55,5", "55 %" -> 55 (a number from 0
 * to 100), or the problem with it.
 *
 * @example parsePercent('150') // { ok: false, problem: '150% is over 100%: enter a probability from 0 to 100.' }
 * @param {string} text
 * @returns {{ ok: true, value: number } | { ok: false, problem: string }}
 */
export function parsePercent(text) {
  const t = text.trim().replace(/\s*%$/, '').replace(',', '.').trim();
  if (t === '') return { ok: false, problem: `Enter a probability from 0 to 100.` };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) {
    return { ok: false, problem: `“${text.trim()}” is not a number: ${PERCENT_RANGE}.` };
  }
  const value = Number(t);
  if (value > 100) return { ok: false, problem: `${t}% is over 100%: ${PERCENT_RANGE}.` };
  if (value < 0) return { ok: false, problem: `${t.replace('-', '−')}% is below 0%: ${PERCENT_RANGE}.` };
  return { ok: true, value: value === 0 ? 0 : value };
}

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
export function timeProblem(t, rule) {
  const zone = { now: rule.now ?? Date.now(), ...(rule.timeZone ? { timeZone: rule.timeZone } : {}) };
  if (rule.latest && t > rule.latest.at) {
    const shown = Math.floor(rule.latest.at / MINUTE) * MINUTE;
    return `${rule.label} can't be ${rule.latest.words} (latest: ${when(shown, zone)})`;
  }
  if (rule.earliest && t < rule.earliest.at) {
    const shown = Math.ceil(rule.earliest.at / MINUTE) * MINUTE;
    return `${rule.label} can't be ${rule.earliest.words} (earliest: ${when(shown, zone)})`;
  }
  return null;
}

/**
 * A web address as typed, with `https://` added when it has no scheme
 * ("example.org/report" -> "https://example.org/report"); "" stays empty
 * (null). Only http and https addresses are links a source can be.
 *
 * @param {string} text
 * @param {string} [label] the field's name in the message
 * @returns {{ ok: true, url: string | null } | { ok: false, problem: string }}
 */
export function withScheme(text, label = 'Source') {
  const t = text.trim();
  if (t === '') return { ok: true, url: null };
  const example = 'like https://example.org/report';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(t)?.[1]?.toLowerCase();
  // "localhost:8080/x" and "example.org:443" have a port, not a scheme.
  const hasScheme = scheme !== undefined && !/^[^/]*:\d+(\/|$)/.test(t);
  if (hasScheme && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, problem: `${label} must be a web address starting with http:// or https:// (${example})` };
  }
  const url = hasScheme ? t : `https://${t.replace(/^\/+/, '')}`;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (
    !parsed ||
    !parsed.hostname ||
    /\s/.test(t) ||
    (!parsed.hostname.includes('.') && parsed.hostname !== 'localhost')
  ) {
    return { ok: false, problem: `“${t}” doesn't look like a web address (${example})` };
  }
  return { ok: true, url };
}

/** The rule for keys, handles and tags (src/domain/keys.ts SLUG_PATTERN). */
export const SLUG = /^[a-z0-9-]{1,64}$/;

/**
 * The problem with a key, handle or tag, or null.
 * @example slugProblem('Trade deal', 'A tag') // "A tag may only use a–z, 0–9 and dashes: “Trade deal” has a space"
 * @param {string} value
 * @param {string} label "The key", "A tag", "The handle"
 * @param {string} [example] a good value to show
 */
export function slugProblem(value, label, example) {
  if (SLUG.test(value)) return null;
  const like = example ? `, like “${example}”` : '';
  if (value.length > 64) return `${label} can be at most 64 characters (this one has ${value.length})`;
  const bad = [...value].find((c) => !/[a-z0-9-]/.test(c)) ?? '';
  const what = bad === ' ' ? 'a space' : /[A-Z]/.test(bad) ? 'a capital letter' : `“${bad}”`;
  return `${label} may only use a–z, 0–9 and dashes${like}: “${value}” has ${what}`;
}

/**
 * Option labels, one per line, for a question of `type`: the cleaned list, or
 * the problem (too few for the type, one listed twice, one too long).
 * @param {string} text
 * @param {'categorical' | 'ordinal'} type
 * @returns {{ ok: true, options: string[] } | { ok: false, problem: string }}
 */
export function parseOptions(text, type) {
  const options = text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const min = type === 'ordinal' ? 3 : 2;
  if (options.length < min) {
    const kind =
      type === 'ordinal'
        ? 'An ordered-bins question needs at least 3 bins'
        : 'A multiple-choice question needs at least 2 options';
    return { ok: false, problem: `${kind}, one per line (this has ${options.length})` };
  }
  if (options.length > 50) return { ok: false, problem: `At most 50 options (this has ${options.length})` };
  const long = options.find((o) => o.length > 200);
  if (long)
    return {
      ok: false,
      problem: `Each option can be at most 200 characters (“${long.slice(0, 30)}…” has ${long.length})`,
    };
  const seen = new Set();
  for (const o of options) {
    if (seen.has(o)) return { ok: false, problem: `“${o}” is listed twice` };
    seen.add(o);
  }
  return { ok: true, options };
}
