import { z } from '@hono/zod-openapi';
import { slug } from '../../http/router';
import { text } from '../questions/questions.schemas';

const probability = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');

export const CreateForecastBody = z
  .object({
    probability: probability.optional().openapi({ description: 'P(yes), for binary questions' }),
    probabilities: z
      .array(probability)
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: 'One number per option, summing to 1 (within 1e-6), for categorical and ordinal questions' }),
    rationale: text().max(10_000).nullable().optional(),
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

export const HandleParam = z.object({ handle: slug.openapi({ param: { name: 'handle', in: 'path' } }) });
