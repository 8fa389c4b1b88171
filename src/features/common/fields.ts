/**
 * The zod building blocks every feature's schemas are made of: one definition
 * of each field rule (keys, text PostgreSQL can store, instants, URLs), with
 * the value lists taken from src/domain. Used by API request schemas and by
 * the archive's item schemas alike, so the two accept the same values.
 */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/access';
import { SLUG_PATTERN, SLUG_RULE } from '../../domain/keys';
import { OUTCOME_WORDS, QUESTION_STATUSES, QUESTION_TYPES } from '../../domain/questions';

/** Keys, handles and tags: 1-64 characters of a-z, 0-9 and - (so no bidirectional controls either). */
export const slug = z.string().regex(SLUG_PATTERN, SLUG_RULE);

export const roleEnum = z.enum(ROLES);
export const questionTypeEnum = z.enum(QUESTION_TYPES);
export const questionStatusEnum = z.enum(QUESTION_STATUSES);

/**
 * Text PostgreSQL can store: no NUL character and no unpaired surrogate. Either would fail the
 * insert or the query (a 500) instead of the request (a 400 naming the field).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
export const STORABLE = /^(?:[^\u0000\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
export const text = () => z.string().regex(STORABLE, 'must not contain NUL characters or unpaired surrogates');

export const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2023-09-13T21:00:00Z' })
  // Both drivers read timestamps of years 0001-0099 back as 19xx/20xx (Date's legacy parser): refuse them.
  .refine((v) => !(Date.parse(v) < Date.UTC(1000, 0, 1)), 'must be in the year 1000 or later');

/** A filter bound: an ISO 8601 instant or a date (a date is 00:00 UTC). */
export const instantOrDate = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'must be an ISO 8601 instant or date (a date is 00:00 UTC)',
  );

/** A finite number (JSON.parse turns 1e400 into Infinity). */
export const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Where a resolution's outcome was stated. */
export const sourceUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  // The URL parser drops tabs and newlines and accepts NUL and unpaired surrogates, which the database refuses.
  .regex(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    /^(?:[^\u0000-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/,
    'must not contain control characters or unpaired surrogates',
  );

/** A resolution's outcome: "yes"/"no" (binary), an option index (0-based), or "annulled". */
export const outcome = z.union([
  z.enum(OUTCOME_WORDS),
  z.number().int('must be an option index').min(0, 'must be at least 0'),
]);

/**
 * Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): in a name
 * shown among others they can make one title or handle read as another ("Trojan source").
 */
export const NO_BIDI = /^[^\u202a-\u202e\u2066-\u2069]*$/;
export const NO_BIDI_RULE = 'must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069)';

/** A short name shown among others: trimmed, not empty, storable, no bidirectional controls. */
const shownName = (max: number) => text().trim().min(1, 'must not be empty').max(max).regex(NO_BIDI, NO_BIDI_RULE);

/** A question's title. */
export const title = () => shownName(300);
/** One option of a categorical or ordinal question. */
export const optionLabel = () => shownName(200);
/** A user's display name. */
export const displayName = () => shownName(200);
/** A team's name. */
export const teamName = () => shownName(200);
/** A question's description (free text, may hold any script). */
export const description = () => text().max(20_000);
export const rationale = () => text().max(10_000);
export const note = () => text().max(10_000);

/** Path parameters. */
export const KeyParam = z.object({ key: slug.openapi({ param: { name: 'key', in: 'path' } }) });
export const HandleParam = z.object({ handle: slug.openapi({ param: { name: 'handle', in: 'path' } }) });

/** A row id in a path (int4). */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);
