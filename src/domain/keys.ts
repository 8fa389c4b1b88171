/**
 * Keys and handles (docs/archive.md): 1-64 characters of a-z, 0-9 and -. The one
 * definition; schemas build their zod strings from it.
 */

export const SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;
export const SLUG_RULE = 'must be 1-64 characters of a-z, 0-9 and -';

/** Makes a key from a title: lowercase a-z, 0-9 and single dashes, at most 56 characters. */
export function keyFromTitle(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/g, '');
  return base || 'question';
}
