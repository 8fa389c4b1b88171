import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { createRouter, jsonResponse } from '../../http/router';
import { InboxSchema } from './inbox.schemas';
import { inbox } from './inbox.service';

export function inboxRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/inbox',
      tags: ['Inbox'],
      summary:
        'What needs you now: unforecast, stale and closing-soon questions; for leads and admins also those awaiting resolution and open suggestions',
      responses: { 200: jsonResponse(InboxSchema, 'Your inbox, in order') },
    }),
    async (c) => c.json(await inbox(deps, requireUser(c)), 200),
  );
  return app;
}
