/** The checks forms run before sending (web/checks.js), and the times they quote (web/format.js). */
import { describe, expect, it } from 'vitest';
import { parseOptions, parsePercent, slugProblem, timeProblem, withScheme } from '../../web/checks.js';
import { clockTime, forecastShort, leadingOption, when } from '../../web/format.js';

const NOW = Date.parse('2025-12-15T09:30:00Z');

describe('parsePercent', () => {
  it('reads what people type', () => {
    for (const [text, value] of [
      ['55', 55],
      [' 55.5 ', 55.5],
      ['55,5', 55.5],
      ['55%', 55],
      ['55 %', 55],
      ['0', 0],
      ['100', 100],
      ['.5', 0.5],
      ['7.', 7],
      ['-0', 0],
    ] as const)
      expect(parsePercent(text), text).toEqual({ ok: true, value });
  });

  it('says what is wrong and what would be right', () => {
    expect(parsePercent('abc')).toEqual({
      ok: false,
      problem: '“abc” is not a number: enter a probability from 0 to 100.',
    });
    expect(parsePercent('150')).toEqual({
      ok: false,
      problem: '150% is over 100%: enter a probability from 0 to 100.',
    });
    expect(parsePercent('-5')).toEqual({ ok: false, problem: '−5% is below 0%: enter a probability from 0 to 100.' });
    expect(parsePercent('')).toEqual({ ok: false, problem: 'Enter a probability from 0 to 100.' });
    for (const bad of ['1e2', '5 5', '55%%', '0x10', 'Infinity', '.']) expect(parsePercent(bad).ok, bad).toBe(false);
  });
});

describe('timeProblem', () => {
  const known = (t: number, timeZone = 'UTC') =>
    timeProblem(t, {
      label: 'Known since',
      earliest: { at: Date.parse('2025-09-12T09:00:30Z'), words: 'before the question opened' },
      latest: { at: NOW + 40_000, words: 'in the future' },
      now: NOW,
      timeZone,
    });

  it('accepts a moment within the bounds, to the minute', () => {
    expect(known(NOW)).toBeNull();
    expect(known(Date.parse('2025-09-12T09:01:00Z'))).toBeNull();
  });

  it('quotes the latest allowed minute, rounded down, in the viewer’s zone', () => {
    expect(known(NOW + 60_000)).toBe("Known since can't be in the future (latest: 15 Dec, 09:30)");
    expect(known(NOW + 60_000, 'Asia/Tokyo')).toBe("Known since can't be in the future (latest: 15 Dec, 18:30)");
  });

  it('quotes the earliest allowed minute, rounded up', () => {
    expect(known(Date.parse('2025-09-12T09:00:00Z'))).toBe(
      "Known since can't be before the question opened (earliest: 12 Sept, 09:01)",
    );
  });

  it('names the year when the bound is in another year', () => {
    expect(
      timeProblem(Date.parse('2024-01-01T00:00Z'), {
        label: 'Closes',
        earliest: { at: Date.parse('2024-12-30T23:59:00Z'), words: 'before it opens' },
        now: NOW,
        timeZone: 'UTC',
      }),
    ).toBe("Closes can't be before it opens (earliest: 30 Dec 2024, 23:59)");
  });
});

describe('withScheme', () => {
  it('adds https:// to an address without a scheme', () => {
    expect(withScheme('example.org/report')).toEqual({ ok: true, url: 'https://example.org/report' });
    expect(withScheme('  www.kremlin.ru ')).toEqual({ ok: true, url: 'https://www.kremlin.ru' });
    expect(withScheme('example.org:8443/x')).toEqual({ ok: true, url: 'https://example.org:8443/x' });
  });

  it('keeps an http or https address as it is, and an empty one empty', () => {
    expect(withScheme('http://example.org/a?b=c')).toEqual({ ok: true, url: 'http://example.org/a?b=c' });
    expect(withScheme('HTTPS://Example.org')).toEqual({ ok: true, url: 'HTTPS://Example.org' });
    expect(withScheme('')).toEqual({ ok: true, url: null });
  });

  it('refuses what is not a web address, saying what would be', () => {
    expect(withScheme('ftp://example.org/file')).toEqual({
      ok: false,
      problem: 'Source must be a web address starting with http:// or https:// (like https://example.org/report)',
    });
    expect(withScheme('not a url')).toEqual({
      ok: false,
      problem: "“not a url” doesn't look like a web address (like https://example.org/report)",
    });
    expect(withScheme('javascript:alert(1)').ok).toBe(false);
    expect(withScheme('report').ok).toBe(false);
  });
});

describe('slugProblem and parseOptions', () => {
  it('names the character a key, handle or tag may not have', () => {
    expect(slugProblem('trade-deal', 'A tag')).toBeNull();
    expect(slugProblem('trade deal', 'A tag')).toBe('A tag may only use a–z, 0–9 and dashes: “trade deal” has a space');
    expect(slugProblem('Ana', 'The handle', 'ana')).toBe(
      'The handle may only use a–z, 0–9 and dashes, like “ana”: “Ana” has a capital letter',
    );
    expect(slugProblem('a_b', 'The key')).toBe('The key may only use a–z, 0–9 and dashes: “a_b” has “_”');
    expect(slugProblem('x'.repeat(65), 'The key')).toBe('The key can be at most 64 characters (this one has 65)');
  });

  it('reads options one per line, and says when there are too few or one twice', () => {
    expect(parseOptions(' Cut \n\nHold\nHike\n', 'categorical')).toEqual({
      ok: true,
      options: ['Cut', 'Hold', 'Hike'],
    });
    expect(parseOptions('Cut', 'categorical')).toEqual({
      ok: false,
      problem: 'A multiple-choice question needs at least 2 options, one per line (this has 1)',
    });
    expect(parseOptions('a\nb', 'ordinal')).toEqual({
      ok: false,
      problem: 'An ordered-bins question needs at least 3 bins, one per line (this has 2)',
    });
    expect(parseOptions('Cut\nHold\nCut', 'categorical')).toEqual({ ok: false, problem: '“Cut” is listed twice' });
  });
});

describe('times and forecasts in words', () => {
  it('says when, with the year only outside this year', () => {
    expect(when(Date.parse('2025-11-30T05:12:00Z'), { now: NOW, timeZone: 'UTC' })).toBe('30 Nov, 05:12');
    expect(when(Date.parse('2024-11-30T05:12:00Z'), { now: NOW, timeZone: 'UTC' })).toBe('30 Nov 2024, 05:12');
    // 23:30 UTC on 31 Dec is already next year in Tokyo.
    expect(when(Date.parse('2025-12-31T23:30:00Z'), { now: NOW, timeZone: 'Asia/Tokyo' })).toBe('1 Jan 2026, 08:30');
    expect(clockTime(Date.parse('2025-11-30T17:05:00Z'), { timeZone: 'UTC' })).toBe('17:05');
  });

  it('quotes one number of a forecast', () => {
    expect(forecastShort({ probability: 0.55 }, null)).toBe('55%');
    expect(forecastShort({ probabilities: [0.2, 0.6, 0.2] }, ['Cut', 'Hold', 'Hike'], 1)).toBe('Hold 60%');
    expect(forecastShort(null, null)).toBe('—');
    expect(leadingOption({ probabilities: [0.2, 0.4, 0.4] })).toBe(1);
    expect(leadingOption({})).toBe(0);
  });
});
