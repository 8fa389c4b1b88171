import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { createRouter, jsonResponse } from '../../http/router';
import { health } from './health.service';

const Health = z.object({ status: z.enum(['ok', 'unavailable']) }).openapi('Health');

/** GET /api/health: public, 200 while the database answers, 503 otherwise. */
export function healthRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Health'],
      summary: 'Whether the server can reach its database (public)',
      security: [],
      responses: { 200: jsonResponse(Health, 'Up'), 503: jsonResponse(Health, 'The database is unreachable') },
    }),
    async (c) => {
      const status = await health(deps);
      return status === 'ok' ? c.json({ status }, 200) : c.json({ status }, 503);
    },
  );
  return app;
}
