// @ts-check
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
export function compareCodePoints(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Code units D800-DFFF (surrogates, i.e. code points >= U+10000) sort
      // below E000-FFFF in UTF-16 but above them as code points: rotate them.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

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
export function byCodePoints(items, key) {
  return [...items].sort((a, b) => compareCodePoints(key(a), key(b)));
}
