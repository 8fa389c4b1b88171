import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireRole, roles } from '../../http/auth';
import { createRouter, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import { ResolutionSchema } from '../questions/questions.schemas';
import { KeyParam } from '../common/fields';
import { ResolveBody } from './resolutions.schemas';
import { resolveQuestion } from './resolutions.service';

export function resolutionsRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{key}/resolution',
      tags: ['Questions'],
      middleware: [roles('lead', 'admin')] as const,
      summary: 'Resolve, re-resolve or annul a question (leads and admins); rescored at once',
      request: { params: KeyParam, ...jsonBody(ResolveBody) },
      responses: {
        201: jsonResponse(z.object({ resolution: ResolutionSchema }), 'Resolved'),
        ...errorsOf(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        {
          resolution: await resolveQuestion(
            deps,
            requireRole(c, 'lead', 'admin'),
            c.req.valid('param').key,
            c.req.valid('json'),
          ),
        },
        201,
      ),
  );
  return app;
}
