import { z } from '@hono/zod-openapi';
import { questionTypeEnum, rationale } from '../common/fields';

export { HandleParam } from '../common/fields';

const probability = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');

export const CreateForecastBody = z
  .object({
    probability: probability.optional().openapi({ description: 'P(yes), for binary questions' }),
    probabilities: z.array(probability).min(1).max(50).optional().openapi({
      description: 'One number per option, summing to 1 (within 1e-6), for categorical and ordinal questions',
    }),
    rationale: rationale().nullable().optional(),
  })
  .strict()
  .openapi('CreateForecast');

export const ForecastSchema = z
  .object({
    id: z.number().int(),
    question: z.string(),
    user: z.string(),
    createdAt: z.string(),
    probability: z.number().optional(),
    probabilities: z.array(z.number()).optional(),
    rationale: z.string().nullable(),
  })
  .openapi('Forecast');

export const UserForecastsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
});

export const QuestionForecastsSchema = z
  .object({
    forecasts: z.array(ForecastSchema),
    hidden: z.boolean().openapi({ description: "true when others' forecasts are hidden from you until you forecast" }),
  })
  .openapi('QuestionForecasts');

export const UserForecastSchema = ForecastSchema.extend({ questionTitle: z.string() }).openapi('UserForecast');
export const UserForecastsSchema = z
  .object({ forecasts: z.array(UserForecastSchema), nextCursor: z.string().nullable() })
  .openapi('UserForecastPage');

const VectorSchema = z.object({
  probability: z.number().optional().openapi({ description: 'P(yes), on a binary question' }),
  probabilities: z.array(z.number()).optional().openapi({ description: 'One per option, otherwise' }),
});

export const OpenForecastsSchema = z
  .object({
    user: z.string(),
    forecasts: z.array(
      z.object({
        question: z.object({
          key: z.string(),
          title: z.string(),
          type: questionTypeEnum,
          options: z.array(z.string()).nullable(),
          closesAt: z.string(),
        }),
        forecast: ForecastSchema.openapi({ description: "The analyst's standing (latest) forecast on it" }),
        crowd: VectorSchema.nullable().openapi({
          description: 'The crowd forecast standing now (docs/scoring.md)',
        }),
        forecasters: z.number().int().openapi({ description: 'How many analysts have a standing forecast on it' }),
      }),
    ),
  })
  .openapi('OpenForecasts');

export type ForecastDto = z.infer<typeof ForecastSchema>;
export type CreateForecastInput = z.infer<typeof CreateForecastBody>;
