import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireRole, roles } from '../../http/auth';
import { createRouter, errorResponses, jsonResponse } from '../../http/router';
import { AuditPageSchema, AuditQuery } from './audit.schemas';
import { auditEntries } from './audit.service';

export function auditRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['Accounts'],
      middleware: [roles('admin')] as const,
      summary: 'Every change of state, newest first (admin)',
      request: { query: AuditQuery },
      responses: { 200: jsonResponse(AuditPageSchema, 'Entries'), 400: errorResponses[400], 403: errorResponses[403] },
    }),
    async (c) => {
      requireRole(c, 'admin');
      return c.json(await auditEntries(deps, c.req.valid('query')), 200);
    },
  );
  return app;
}
