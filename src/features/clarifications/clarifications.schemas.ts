import { z } from '@hono/zod-openapi';
import { CLARIFICATION_MAX } from '../../domain/loop';
import { text } from '../common/fields';

/** A clarification's text, API and archive alike: 1-5,000 characters, not blank. */
export const clarificationText = text()
  .max(CLARIFICATION_MAX, `must be at most ${CLARIFICATION_MAX} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');

export const ClarificationSchema = z
  .object({
    id: z.number().int(),
    text: z.string(),
    at: z.string(),
    by: z.string().openapi({ description: 'The handle of who wrote it' }),
  })
  .openapi('Clarification');

export const CreateClarificationBody = z.object({ text: clarificationText }).strict().openapi('CreateClarification');

export type ClarificationDto = z.infer<typeof ClarificationSchema>;
export type CreateClarificationInput = z.infer<typeof CreateClarificationBody>;
