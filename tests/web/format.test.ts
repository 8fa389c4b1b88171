/** Display formatting (web/format.js): the one place the UI rounds the API's numbers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as format from '../../web/format.js';
import {
  closingSoon,
  forecastText,
  fromLocalInput,
  num,
  outcomeLabel,
  pct,
  plusMinus,
  pValue,
  relative,
  signed,
  toLocalInput,
  typeLabel,
} from '../../web/format.js';

const DAY = 86_400_000;

describe('numbers', () => {
  it('shows probabilities as percentages without a trailing .0', () => {
    expect(pct(0.625)).toBe('62.5%');
    expect(pct(0.6)).toBe('60%');
    expect(pct(0.7)).toBe('70%'); // 0.7 * 100 is 70.00000000000001
    expect(pct(1)).toBe('100%');
    expect(pct(null)).toBe('—');
  });

  it('rounds scores to three decimals and signs relative Brier with a true minus', () => {
    expect(num(0.71625)).toBe('0.716');
    expect(num(-0.0001)).toBe('0.000');
    expect(signed(-0.71625)).toBe('−0.716');
    expect(signed(0.6376)).toBe('+0.638');
    expect(signed(0)).toBe('0.000');
    expect(signed(null)).toBe('—');
  });

  it('shows a mean with its CI as ± the half-width', () => {
    expect(plusMinus(0.2, [0.15, 0.25])).toBe('0.200 ± 0.050');
    expect(plusMinus(0.2, null)).toBe('0.200');
    expect(plusMinus(null, null)).toBe('—');
  });

  it('shows p-values to two significant figures', () => {
    expect(pValue(0.04567)).toBe('0.046');
    expect(pValue(0.5)).toBe('0.50');
    expect(pValue(0.0001)).toBe('< 0.001');
    expect(pValue(null)).toBe('—');
  });
});

describe('times', () => {
  const now = Date.parse('2023-09-10T12:00:00Z');

  it('says how far away a time is', () => {
    expect(relative(now + 3 * DAY + 5_000, now)).toBe('in 3 days');
    expect(relative(now - 2 * 3_600_000, now)).toBe('2 hours ago');
    expect(relative(now + 1, now)).toBe('in under a minute');
    expect(relative(now, now)).toBe('just now');
    expect(relative(now - 59_000, now)).toBe('just now');
  });

  it('calls an open question closing soon within 7 days', () => {
    expect(closingSoon({ status: 'open', closesAt: new Date(now + 6 * DAY).toISOString() }, now)).toBe(true);
    expect(closingSoon({ status: 'open', closesAt: new Date(now + 8 * DAY).toISOString() }, now)).toBe(false);
    expect(closingSoon({ status: 'closed', closesAt: new Date(now - DAY).toISOString() }, now)).toBe(false);
  });

  it('round-trips datetime-local values through ISO instants', () => {
    const iso = '2023-09-13T21:00:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });
});

describe('outcomes and forecasts', () => {
  it('names outcomes', () => {
    expect(outcomeLabel('yes', null)).toBe('Yes');
    expect(outcomeLabel('annulled', ['a', 'b'])).toBe('Annulled');
    expect(outcomeLabel(1, ['Before', 'During', 'After'])).toBe('During');
    expect(outcomeLabel(4, null)).toBe('Option 5');
  });

  it('names a question’s type, with its number of options or bins', () => {
    expect(typeLabel({ type: 'binary', options: null })).toBe('Yes / no');
    expect(typeLabel({ type: 'categorical', options: ['a', 'b', 'c', 'd'] })).toBe('Categorical · 4 options');
    expect(typeLabel({ type: 'ordinal', options: ['lo', 'mid', 'hi'] })).toBe('Ordinal · 3 bins');
  });

  it('writes a forecast out', () => {
    expect(forecastText({ probability: 0.62 }, null)).toBe('62%');
    expect(forecastText({ probabilities: [0.2, 0.5, 0.3] }, ['A', 'B', 'C'])).toBe('A 20% · B 50% · C 30%');
  });

  it('are all declared in web/format.d.ts', () => {
    const dts = readFileSync(new URL('../../web/format.d.ts', import.meta.url), 'utf8');
    for (const name of Object.keys(format)) expect(dts, name).toMatch(new RegExp(`export function ${name}\\b`));
  });
});
