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
import { clarificationText } from '../clarifications/clarifications.schemas';
import { suggestionStatusEnum } from '../suggestions/suggestions.schemas';

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

/** Version 2: a clarification of a question's criteria. */
export const ArchiveClarification = z
  .object({ question: slug, text: clarificationText, at: instant, by: slug })
  .strict();

/** Version 2: a suggested resolution; the decision fields are null while it is open, and set once decided. */
export const ArchiveSuggestion = z
  .object({
    question: slug,
    outcome,
    occurredAt: instant.nullable().optional(),
    sourceUrl: sourceUrl.nullable().optional(),
    note: note().nullable().optional(),
    by: slug,
    at: instant,
    status: suggestionStatusEnum,
    decidedBy: slug.nullable().optional(),
    decidedAt: instant.nullable().optional(),
    decisionNote: note().nullable().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const open = s.status === 'open';
    for (const f of ['decidedBy', 'decidedAt'] as const) {
      const has = s[f] !== null && s[f] !== undefined;
      if (open && has)
        ctx.addIssue({ code: 'custom', path: [f], message: 'must be null while the suggestion is open' });
      if (!open && !has) ctx.addIssue({ code: 'custom', path: [f], message: `is required once ${s.status}` });
    }
    if (open && s.decisionNote != null)
      ctx.addIssue({ code: 'custom', path: ['decisionNote'], message: 'must be null while the suggestion is open' });
  });

export type ArchiveTeam = z.infer<typeof ArchiveTeam>;
export type ArchiveUser = z.infer<typeof ArchiveUser>;
export type ArchiveQuestion = z.infer<typeof ArchiveQuestion>;
export type ArchiveForecast = z.infer<typeof ArchiveForecast>;
export type ArchiveResolution = z.infer<typeof ArchiveResolution>;

export type ArchiveClarification = z.infer<typeof ArchiveClarification>;
export type ArchiveSuggestion = z.infer<typeof ArchiveSuggestion>;

/** The sections every archive has (version 1's). */
export const REQUIRED_SECTIONS = ['teams', 'users', 'questions', 'forecasts', 'resolutions'] as const;
/** Every section: version 2 adds clarifications and suggestions after resolutions. */
export const SECTIONS = [...REQUIRED_SECTIONS, 'clarifications', 'suggestions'] as const;
export type Section = (typeof SECTIONS)[number];
/** The archive versions import reads; export writes the last. */
export const ARCHIVE_VERSIONS = [1, 2] as const;
export const ARCHIVE_VERSION = 2;
