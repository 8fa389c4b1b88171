import { z } from '@hono/zod-openapi';
import { STALE_DAYS_MAX, STALE_DAYS_MIN } from '../../domain/loop';

const staleDays = z
  .number()
  .int('must be a whole number of days')
  .min(STALE_DAYS_MIN, `must be at least ${STALE_DAYS_MIN}`)
  .max(STALE_DAYS_MAX, `must be at most ${STALE_DAYS_MAX}`)
  .openapi({ description: 'A standing forecast older than this many days is stale in its author’s inbox' });

export const SettingsSchema = z.object({ staleDays: z.number().int() }).openapi('Settings');

export const UpdateSettingsBody = z.object({ staleDays }).strict().openapi('UpdateSettings');

export type SettingsDto = z.infer<typeof SettingsSchema>;
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsBody>;
