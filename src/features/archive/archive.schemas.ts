/** The workspace archive (ARCHIVE.md): item schemas, checked one item at a time while streaming. */
import { z } from 'zod';
import { isoInstant, text } from '../../http/schemas';

const slug = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1-64 characters of a-z, 0-9 and -');
const instant = isoInstant;
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const ArchiveTeam = z.object({ key: slug, name: text().min(1, 'must not be empty').max(200) }).strict();

export const ArchiveUser = z
  .object({
    handle: slug,
    displayName: text().min(1, 'must not be empty').max(200),
    role: z.enum(['analyst', 'lead', 'admin']),
    active: z.boolean().optional(),
    teams: z.array(slug).max(100).optional(),
  })
  .strict();

export const ArchiveQuestion = z
  .object({
    key: slug,
    title: text().min(1, 'must not be empty').max(300),
    description: text().max(20_000),
    type: z.enum(['binary', 'categorical', 'ordinal']),
    options: z.array(text().min(1, 'must not be empty').max(200)).max(50).nullable().optional(),
    tags: z.array(slug).max(20).optional(),
    createdBy: slug,
    opensAt: instant,
    closesAt: instant,
    hideForecasts: z.boolean().optional(),
  })
  .strict();

export const ArchiveForecast = z
  .object({
    question: slug,
    user: slug,
    createdAt: instant,
    probability: finite.optional(),
    probabilities: z.array(finite).max(50).optional(),
    rationale: text().max(10_000).nullable().optional(),
  })
  .strict();

export const ArchiveResolution = z
  .object({
    question: slug,
    outcome: z.union([z.enum(['yes', 'no', 'annulled']), z.number().int('must be an option index').min(0)]),
    occurredAt: instant.nullable().optional(),
    resolvedAt: instant,
    resolvedBy: slug,
    sourceUrl: text().max(2000).nullable().optional(),
    note: text().max(10_000).nullable().optional(),
  })
  .strict();

export type ArchiveTeam = z.infer<typeof ArchiveTeam>;
export type ArchiveUser = z.infer<typeof ArchiveUser>;
export type ArchiveQuestion = z.infer<typeof ArchiveQuestion>;
export type ArchiveForecast = z.infer<typeof ArchiveForecast>;
export type ArchiveResolution = z.infer<typeof ArchiveResolution>;

export const SECTIONS = ['teams', 'users', 'questions', 'forecasts', 'resolutions'] as const;
export type Section = (typeof SECTIONS)[number];
