/**
 * Compares two strings by Unicode code point, the order the product promises
 * for analyst lists and leaderboard ties. Neither `<` (UTF-16 code units) nor
 * `localeCompare` (locale- and ICU-dependent) gives it: both would put U+FF5E
 * after U+1F600, and localeCompare can differ between machines.
 *
 * @example
 * ['b', 'B', 'a'].sort(compareCodePoints) // ['B', 'a', 'b']
 */
export function compareCodePoints(a: string, b: string): number {
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
