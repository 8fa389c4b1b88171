// Generated from web/compare.js (its JSDoc) so TypeScript tests can import it; regenerate after changing its exports:
//   npx tsc -p web --declaration --emitDeclarationOnly --noEmit false --outDir /tmp/reckon-decl && cp /tmp/reckon-decl/web/compare.d.ts web/
/**
 * The order names, handles, keys and tags are shown in: by Unicode code point,
 * the same order the server sorts in (src/domain/compare.ts; web code may not
 * import it, so this is a copy, and tests/web/compare.test.ts checks that the
 * two agree on arbitrary strings). Neither `<` nor `.sort()` (UTF-16 code units)
 * nor `localeCompare` (locale- and ICU-dependent) gives this order.
 */
/**
 * Compares two strings by Unicode code point, for `Array.prototype.sort`.
 *
 * @example
 * ['b', 'B', 'a'].sort(compareCodePoints) // ['B', 'a', 'b']
 * ['\u{1F600}', '\uFF5E'].sort(compareCodePoints) // ['\uFF5E', '\u{1F600}']
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function compareCodePoints(a: string, b: string): number;
/**
 * A copy of `items` sorted by the string `key` gives, in code-point order;
 * items with equal keys keep their order (the sort is stable).
 *
 * @example
 * byCodePoints(users, (u) => u.displayName)
 * @template T
 * @param {readonly T[]} items
 * @param {(item: T) => string} key
 * @returns {T[]}
 */
export function byCodePoints<T>(items: readonly T[], key: (item: T) => string): T[];
