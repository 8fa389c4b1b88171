import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireRole, roles } from '../../http/auth';
import { createRouter, errorResponses, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import * as s from './webhooks.schemas';
import * as service from './webhooks.service';

const tags = ['Notifications'];

export function webhooksRoutes(deps: AppContext) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      tags,
      middleware: [roles('admin')] as const,
      summary: 'Add a webhook (admin); the secret is never shown again',
      request: jsonBody(s.CreateWebhookBody),
      responses: {
        201: jsonResponse(z.object({ webhook: s.WebhookSchema }), 'Created'),
        ...errorsOf(400, 403),
      },
    }),
    async (c) =>
      c.json({ webhook: await service.createWebhook(deps, requireRole(c, 'admin'), c.req.valid('json')) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      tags,
      middleware: [roles('admin')] as const,
      summary: 'The webhooks (admin)',
      responses: {
        200: jsonResponse(z.object({ webhooks: z.array(s.WebhookSchema) }), 'Webhooks'),
        ...errorsOf(403),
      },
    }),
    async (c) => {
      requireRole(c, 'admin');
      return c.json({ webhooks: await service.listWebhooks(deps) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{id}',
      tags,
      middleware: [roles('admin')] as const,
      summary: 'Delete a webhook (admin); its pending deliveries are cancelled',
      request: { params: s.WebhookIdParam },
      responses: { 204: { description: 'Deleted' }, 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => {
      await service.deleteWebhook(deps, requireRole(c, 'admin'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries',
      tags,
      middleware: [roles('admin')] as const,
      summary: "A webhook's deliveries, newest first, with status and last error (admin)",
      request: { params: s.WebhookIdParam, query: s.DeliveriesQuery },
      responses: {
        200: jsonResponse(z.object({ deliveries: z.array(s.DeliverySchema) }), 'Deliveries'),
        ...errorsOf(400, 403, 404),
      },
    }),
    async (c) => {
      requireRole(c, 'admin');
      const { id } = c.req.valid('param');
      return c.json({ deliveries: await service.webhookDeliveries(deps, id, c.req.valid('query').limit) }, 200);
    },
  );

  return app;
}
