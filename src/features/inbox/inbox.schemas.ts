import { z } from '@hono/zod-openapi';
import { INBOX_KINDS } from '../../domain/loop';
import { questionStatusEnum } from '../common/fields';

export const inboxKindEnum = z.enum(INBOX_KINDS);

export const InboxItemSchema = z
  .object({
    kind: inboxKindEnum,
    question: z.object({
      key: z.string(),
      title: z.string(),
      status: questionStatusEnum,
      closesAt: z.string(),
    }),
    at: z.string().openapi({
      description:
        'unforecast: opensAt; stale: your forecast’s createdAt; closingSoon and awaitingResolution: closesAt; suggestion: its time',
    }),
    detail: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The suggestion’s id (suggestion items); null otherwise' }),
  })
  .openapi('InboxItem');

export const InboxSchema = z
  .object({
    items: z.array(InboxItemSchema),
    counts: z
      .object(
        Object.fromEntries(INBOX_KINDS.map((k) => [k, z.number().int()])) as Record<
          (typeof INBOX_KINDS)[number],
          z.ZodNumber
        >,
      )
      .openapi({ description: 'How many items of each kind (for the header)' }),
  })
  .openapi('Inbox');

export type InboxDto = z.infer<typeof InboxSchema>;
export type InboxItemDto = z.infer<typeof InboxItemSchema>;
