import { z } from '@hono/zod-openapi';
import {
  description,
  isoInstant,
  optionLabel,
  outcome,
  questionStatusEnum,
  questionTypeEnum,
  slug,
  text,
  title,
} from '../common/fields';
import { ClarificationSchema } from '../clarifications/clarifications.schemas';
import { SuggestionSchema } from '../suggestions/suggestions.schemas';

export { KeyParam } from '../common/fields';

export const QuestionTypeSchema = questionTypeEnum;

export const ResolutionSchema = z
  .object({
    outcome,
    occurredAt: z.string().nullable(),
    resolvedAt: z.string(),
    resolvedBy: z.string(),
    sourceUrl: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('Resolution');

/** A probability vector as the API writes it: P(yes) on a binary question, one number per option otherwise. */
const VectorSchema = z.object({
  probability: z.number().optional().openapi({ description: 'P(yes), on a binary question' }),
  probabilities: z.array(z.number()).optional().openapi({ description: 'One per option, otherwise' }),
});

export const QuestionSchema = z
  .object({
    key: z.string(),
    title: z.string(),
    description: z.string(),
    type: questionTypeEnum,
    options: z.array(z.string()).nullable(),
    tags: z.array(z.string()),
    opensAt: z.string(),
    closesAt: z.string(),
    hideForecasts: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    status: questionStatusEnum,
    resolution: ResolutionSchema.nullable(),
    resolutions: z.array(ResolutionSchema),
    forecasts: z.number().int(),
    forecasters: z.number().int(),
    scoringEnd: z.string().nullable().openapi({
      description:
        'When a resolution stands: the end of the scoring window, min(closesAt, occurredAt ?? resolvedAt); forecasts from then on are kept but not scored. Null otherwise.',
    }),
    crowd: VectorSchema.nullable().openapi({
      description:
        "The crowd forecast standing now (per outcome, the median of each analyst's latest forecast; docs/scoring.md), while the question is not resolved or annulled. Null when nobody has forecast, once a resolution stands, or while it is hidden from you (crowdHidden).",
    }),
    crowdHidden: z.boolean().openapi({
      description:
        "True while the question hides others' forecasts and the crowd from you (hideForecasts, open, and you have not forecast).",
    }),
    myForecast: VectorSchema.extend({ createdAt: z.string() }).nullable().openapi({
      description: 'Your own standing (latest) forecast on the question, or null.',
    }),
    clarifications: z.array(ClarificationSchema).optional().openapi({
      description: 'Its clarifications, oldest first (on GET /api/questions/{key} only).',
    }),
    suggestions: z.array(SuggestionSchema).optional().openapi({
      description: 'Its resolution suggestions, open and decided, oldest first (on GET /api/questions/{key} only).',
    }),
  })
  .openapi('Question');

/** The fields a question is posed with, shared by the API's bodies and the archive's items. */
export const questionFields = {
  title: title(),
  description: description(),
  tags: z.array(slug).max(20),
  options: z.array(optionLabel()).min(2).max(50).nullable(),
  opensAt: isoInstant,
  closesAt: isoInstant,
  hideForecasts: z.boolean(),
};

export const CreateQuestionBody = z
  .object({
    key: slug.optional(),
    title: questionFields.title,
    description: questionFields.description,
    type: questionTypeEnum,
    options: questionFields.options.optional(),
    tags: questionFields.tags.optional(),
    opensAt: questionFields.opensAt.optional(),
    closesAt: questionFields.closesAt,
    hideForecasts: questionFields.hideForecasts.optional(),
  })
  .strict()
  .openapi('CreateQuestion');

export const UpdateQuestionBody = z
  .object({
    title: questionFields.title.optional(),
    description: questionFields.description.optional(),
    options: questionFields.options.optional(),
    tags: questionFields.tags.optional(),
    opensAt: questionFields.opensAt.optional(),
    closesAt: questionFields.closesAt.optional(),
    hideForecasts: questionFields.hideForecasts.optional(),
  })
  .strict()
  .openapi('UpdateQuestion');

export const ListQuestionsQuery = z.object({
  status: questionStatusEnum.optional(),
  tag: slug.optional(),
  q: text().max(200).optional(),
  closesBefore: isoInstant.optional().openapi({
    description:
      'Only questions closing before this instant (e.g. status=open&closesBefore=<in 7 days> for "closing soon")',
  }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
});

export const QuestionPageSchema = z
  .object({ questions: z.array(QuestionSchema), nextCursor: z.string().nullable() })
  .openapi('QuestionPage');

export type QuestionDto = z.infer<typeof QuestionSchema>;
export type ResolutionDto = z.infer<typeof ResolutionSchema>;
export type CreateQuestionInput = z.infer<typeof CreateQuestionBody>;
export type UpdateQuestionInput = z.infer<typeof UpdateQuestionBody>;
export type ListQuestionsInput = z.infer<typeof ListQuestionsQuery>;
