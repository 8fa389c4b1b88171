import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireRole, requireUser, roles } from '../../http/auth';
import { createRouter, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import { SettingsSchema, UpdateSettingsBody } from './settings.schemas';
import * as service from './settings.service';

const tags = ['Settings'];

export function settingsRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      tags,
      summary: 'The workspace settings (every signed-in user)',
      responses: { 200: jsonResponse(SettingsSchema, 'The settings in force') },
    }),
    async (c) => {
      requireUser(c);
      return c.json(await service.getSettings(deps), 200);
    },
  );
  // PATCH is the documented route; PUT takes the same (complete) body for clients that replace settings whole.
  for (const method of ['patch', 'put'] as const) {
    app.openapi(
      createRoute({
        method,
        path: '/settings',
        tags,
        middleware: [roles('admin')] as const,
        summary: 'Change the workspace settings (admin)',
        request: jsonBody(UpdateSettingsBody),
        responses: {
          200: jsonResponse(SettingsSchema, 'The settings now in force'),
          ...errorsOf(400, 403),
        },
      }),
      async (c) => c.json(await service.updateSettings(deps, requireRole(c, 'admin'), c.req.valid('json')), 200),
    );
  }
  return app;
}
