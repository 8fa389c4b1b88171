import { z } from '@hono/zod-openapi';
import { isoInstant, text } from '../questions/questions.schemas';

export const ResolveBody = z
  .object({
    outcome: z
      .union([z.enum(['yes', 'no', 'annulled']), z.number().int('must be an option index').min(0, 'must be at least 0')])
      .openapi({ description: '"yes"/"no" for binary questions, an option index (0-based) otherwise, or "annulled"' }),
    occurredAt: isoInstant.optional().openapi({ description: 'When the outcome became known (the official statement)' }),
    sourceUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      // The URL parser drops tabs and newlines and accepts NUL and unpaired surrogates, which the database refuses.
      .regex(/^(?:[^\u0000-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/, 'must not contain control characters or unpaired surrogates')
      .optional(),
    note: text().max(10_000).optional(),
  })
  .strict()
  .openapi('Resolve');
