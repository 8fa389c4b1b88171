/** Field schemas shared by every feature's zod schemas. */
import { z } from 'zod';

export const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2023-09-13T21:00:00Z' })
  // Both drivers read timestamps of years 0001-0099 back as 19xx/20xx (Date's legacy parser): refuse them.
  .refine((v) => !(Date.parse(v) < Date.UTC(1000, 0, 1)), 'must be in the year 1000 or later');
/**
 * Text PostgreSQL can store: no NUL character and no unpaired surrogate. Either would fail the
 * insert or the query (a 500) instead of the request (a 400 naming the field).
 */
export const STORABLE = /^(?:[^\u0000\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
export const text = () => z.string().regex(STORABLE, 'must not contain NUL characters or unpaired surrogates');
