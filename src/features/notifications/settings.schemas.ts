import { z } from '@hono/zod-openapi';
import { DIGESTS } from '../../domain/notifications';
import { eventList, eventTypeEnum } from './webhooks.schemas';

const email = z
  .email({ message: 'must be an email address' })
  .max(254)
  .openapi({ description: 'Where to send; null or absent: no email' });

export const NotificationSettingsBody = z
  .object({
    email: email.nullable().optional(),
    digest: z.enum(DIGESTS),
    events: eventList,
  })
  .strict()
  .openapi('NotificationSettingsInput');

export const NotificationSettingsSchema = z
  .object({
    email: z.string().nullable(),
    digest: z.enum(DIGESTS),
    events: z.array(eventTypeEnum),
    emailEnabled: z.boolean().openapi({ description: 'False when the server has no RECKON_SMTP_URL: nothing is sent' }),
    linksEnabled: z
      .boolean()
      .openapi({ description: 'False when the server has no RECKON_PUBLIC_URL: emails carry no links' }),
  })
  .openapi('NotificationSettings');

export type NotificationSettingsBody = z.infer<typeof NotificationSettingsBody>;
export type NotificationSettingsDto = z.infer<typeof NotificationSettingsSchema>;
