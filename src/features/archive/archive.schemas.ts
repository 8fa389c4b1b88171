/**
 * The workspace archive (docs/archive.md): item schemas, checked one item at a time while streaming.
 * Every field is built from common/fields.ts, as the API's bodies are: an archive cannot bring in
 * what the API would refuse.
 */
import { z } from '@hono/zod-openapi';
import {
  description,
  displayName,
  finite,
  isoInstant,
  note,
  optionLabel,
  outcome,
  questionTypeEnum,
  rationale,
  roleEnum,
  slug,
  sourceUrl,
  teamName,
  title,
} from '../common/fields';

const instant = isoInstant;

export const ArchiveTeam = z.object({ key: slug, name: teamName() }).strict();

export const ArchiveUser = z
  .object({
    handle: slug,
    displayName: displayName(),
    role: roleEnum,
    active: z.boolean().optional(),
    teams: z.array(slug).max(100).optional(),
  })
  .strict();

export const ArchiveQuestion = z
  .object({
    key: slug,
    title: title(),
    description: description(),
    type: questionTypeEnum,
    options: z.array(optionLabel()).max(50).nullable().optional(),
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
    rationale: rationale().nullable().optional(),
  })
  .strict();

export const ArchiveResolution = z
  .object({
    question: slug,
    outcome,
    occurredAt: instant.nullable().optional(),
    resolvedAt: instant,
    resolvedBy: slug,
    sourceUrl: sourceUrl.nullable().optional(),
    note: note().nullable().optional(),
  })
  .strict();

export type ArchiveTeam = z.infer<typeof ArchiveTeam>;
export type ArchiveUser = z.infer<typeof ArchiveUser>;
export type ArchiveQuestion = z.infer<typeof ArchiveQuestion>;
export type ArchiveForecast = z.infer<typeof ArchiveForecast>;
export type ArchiveResolution = z.infer<typeof ArchiveResolution>;

export const SECTIONS = ['teams', 'users', 'questions', 'forecasts', 'resolutions'] as const;
export type Section = (typeof SECTIONS)[number];
