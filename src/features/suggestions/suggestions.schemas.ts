import { z } from '@hono/zod-openapi';
import { SUGGESTION_STATUSES } from '../../domain/loop';
import { idParam, isoInstant, note, outcome, slug, sourceUrl } from '../common/fields';

export const suggestionStatusEnum = z.enum(SUGGESTION_STATUSES);

export const SuggestionSchema = z
  .object({
    id: z.number().int(),
    question: slug.openapi({ description: 'The question’s key' }),
    outcome,
    occurredAt: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    note: z.string().nullable(),
    by: z.string().openapi({ description: 'The handle of who suggested it' }),
    at: z.string(),
    status: suggestionStatusEnum,
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .openapi('Suggestion');

export const CreateSuggestionBody = z
  .object({
    outcome: outcome.openapi({
      description: '"yes"/"no" for binary questions, an option index (0-based) otherwise, or "annulled"',
    }),
    occurredAt: isoInstant.optional().openapi({ description: 'When the outcome became known' }),
    sourceUrl: sourceUrl.optional(),
    note: note().optional(),
  })
  .strict()
  .openapi('CreateSuggestion');

export const DismissSuggestionBody = z
  .object({ note: note().refine((s) => s.trim().length > 0, 'must not be empty') })
  .strict()
  .openapi('DismissSuggestion');

export const ListSuggestionsQuery = z.object({ status: suggestionStatusEnum.optional() });

export const SuggestionIdParam = z.object({ id: idParam.openapi({ param: { name: 'id', in: 'path' } }) });

export type SuggestionDto = z.infer<typeof SuggestionSchema>;
export type CreateSuggestionInput = z.infer<typeof CreateSuggestionBody>;
