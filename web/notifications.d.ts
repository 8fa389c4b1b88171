/** The notification API's shapes for the pages (types only, from the server's schemas). */
import type { DeliveryDto, WebhookDto } from '../src/features/notifications/webhooks.schemas';
import type { NotificationSettingsDto } from '../src/features/notifications/settings.schemas';

export type Webhook = WebhookDto;
export type Delivery = DeliveryDto;
export type NotificationSettings = NotificationSettingsDto;
