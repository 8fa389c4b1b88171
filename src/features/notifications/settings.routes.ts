import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { createRouter, errorResponses, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import { NotificationSettingsBody, NotificationSettingsSchema } from './settings.schemas';
import { getNotificationSettings, putNotificationSettings } from './settings.service';

const tags = ['Notifications'];

export function notificationSettingsRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/notifications',
      tags,
      summary: 'Your email settings, and whether the server sends email at all',
      responses: { 200: jsonResponse(NotificationSettingsSchema, 'Settings'), 401: errorResponses[401] },
    }),
    async (c) => c.json(await getNotificationSettings(deps, requireUser(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/me/notifications',
      tags,
      summary: 'Set your email, digest (off, daily, weekly) and the events you want by email',
      request: jsonBody(NotificationSettingsBody),
      responses: {
        200: jsonResponse(NotificationSettingsSchema, 'Saved'),
        ...errorsOf(400, 401),
      },
    }),
    async (c) => c.json(await putNotificationSettings(deps, requireUser(c), c.req.valid('json')), 200),
  );
  return app;
}
