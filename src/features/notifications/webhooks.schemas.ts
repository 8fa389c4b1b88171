import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../../domain/events';
import { DELIVERY_STATUSES, WEBHOOK_FORMATS } from '../../domain/notifications';
import { idParam, sourceUrl, text } from '../common/fields';

export const eventTypeEnum = z.enum(EVENT_TYPES);

/** A list of event types, each at most once. */
export const eventList = z
  .array(eventTypeEnum)
  .max(EVENT_TYPES.length * 4)
  .refine((l) => new Set(l).size === l.length, 'must not list an event twice');

export const CreateWebhookBody = z
  .object({
    url: sourceUrl.openapi({ description: 'Where to POST: an http(s) URL' }),
    events: eventList.refine((l) => l.length > 0, 'must list at least one event'),
    secret: text().min(8, 'must be at least 8 characters').max(200),
    format: z.enum(WEBHOOK_FORMATS).default('json'),
  })
  .strict()
  .openapi('CreateWebhook');

export const WebhookSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(eventTypeEnum),
    format: z.enum(WEBHOOK_FORMATS),
    active: z.boolean().openapi({ description: 'False once a receiver answered 410 Gone' }),
    createdAt: z.string(),
  })
  .openapi('Webhook');

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'Stable: a re-send carries the same id (X-Reckon-Delivery)' }),
    event: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi('Delivery');

export const WebhookIdParam = z.object({
  id: idParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
});

export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;
export type WebhookDto = z.infer<typeof WebhookSchema>;
export type DeliveryDto = z.infer<typeof DeliverySchema>;
