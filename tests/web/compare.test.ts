/**
 * The display order (web/compare.js) is the server's order (src/domain/compare.ts):
 * the web code may not import the server's function, so it keeps a copy, and
 * these properties keep the copy honest on any string, astral characters and
 * lone surrogates included.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints as serverCompare } from '../../src/domain/compare.js';
import * as compare from '../../web/compare.js';
import { byCodePoints, compareCodePoints } from '../../web/compare.js';

/** Any UTF-16 code unit on its own, so lone and reversed surrogates turn up. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
/** Characters around the edges where UTF-16 order and code-point order part. */
const edges = fc.constantFrom(
  '',
  'a',
  'B',
  'é',
  '-',
  '\uD7FF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uE000',
  '\uFF5E',
  '\uFFFF',
  '\u{10000}',
  '\u{1F600}',
  '\u{10FFFF}',
);
/** Strings of whole code points (astral ones too), of single code units, and of edge characters mixed. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: codeUnit }),
  fc.string({
    unit: fc.oneof(edges, codeUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    maxLength: 6,
  }),
);
/** Two strings that often share a prefix, so the comparison reaches past the first unit. */
const withPrefix = (s: fc.Arbitrary<string>) =>
  fc.tuple(s, s, s).map(([prefix, a, b]) => [prefix + a, prefix + b] as const);
const pair = withPrefix(text);
/** Well-formed strings only (no lone surrogates), weighted towards the edges. */
const wellFormed = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'B', 'é', '\uD7FF', '\uE000', '\uFF5E', '\uFFFF', '\u{10000}', '\u{1F600}', '\u{10FFFF}'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 6,
});

describe('compareCodePoints (web) against the server', () => {
  it('agrees with src/domain/compare.ts on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(pair, fc.tuple(text, text)), ([a, b]) => {
        expect(compareCodePoints(a, b)).toBe(serverCompare(a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it('sorts any list the way the server does', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (words) => {
        expect([...words].sort(compareCodePoints)).toEqual([...words].sort(serverCompare));
      }),
      { numRuns: 1000 },
    );
  });

  it('orders well-formed strings by their code points', () => {
    const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0) as number);
    fc.assert(
      fc.property(withPrefix(wellFormed), ([a, b]) => {
        const x = codePoints(a);
        const y = codePoints(b);
        const i = x.findIndex((c, j) => c !== y[j]);
        const want =
          i === -1 || i >= y.length ? Math.sign(x.length - y.length) : Math.sign((x[i] as number) - (y[i] as number));
        expect(compareCodePoints(a, b)).toBe(want);
      }),
    );
  });

  it('puts U+FF5E before U+1F600 and capitals before lower case, where `<` and localeCompare would not', () => {
    expect(['\u{1F600}', '\uFF5E'].sort(compareCodePoints)).toEqual(['\uFF5E', '\u{1F600}']);
    expect(['b', 'B', 'a'].sort(compareCodePoints)).toEqual(['B', 'a', 'b']);
  });
});

describe('byCodePoints', () => {
  it('sorts a copy by a key and keeps equal keys in their order', () => {
    const users = [
      { handle: 'cy', displayName: 'ana' },
      { handle: 'ana', displayName: 'Ana' },
      { handle: 'ben', displayName: 'Ana' },
    ];
    const sorted = byCodePoints(users, (u) => u.displayName);
    expect(sorted.map((u) => u.handle)).toEqual(['ana', 'ben', 'cy']);
    expect(users[0]!.handle).toBe('cy');
  });
});

describe('web/compare.d.ts', () => {
  it('declares every export', () => {
    const dts = readFileSync(new URL('../../web/compare.d.ts', import.meta.url), 'utf8');
    for (const name of Object.keys(compare)) expect(dts, name).toMatch(new RegExp(`export function ${name}\\b`));
  });
});
