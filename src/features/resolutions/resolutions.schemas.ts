import { z } from '@hono/zod-openapi';
import { isoInstant, note, outcome, sourceUrl } from '../common/fields';

export const ResolveBody = z
  .object({
    outcome: outcome.openapi({
      description: '"yes"/"no" for binary questions, an option index (0-based) otherwise, or "annulled"',
    }),
    occurredAt: isoInstant
      .optional()
      .openapi({ description: 'When the outcome became known (the official statement)' }),
    sourceUrl: sourceUrl.optional(),
    note: note().optional(),
  })
  .strict()
  .openapi('Resolve');

export type ResolveInput = z.infer<typeof ResolveBody>;
