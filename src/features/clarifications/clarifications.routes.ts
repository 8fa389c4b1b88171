import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { createRouter, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import { KeyParam } from '../common/fields';
import { ClarificationSchema, CreateClarificationBody } from './clarifications.schemas';
import { addClarification } from './clarifications.service';

export function clarificationsRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{key}/clarifications',
      tags: ['Questions'],
      summary:
        'Clarify a question’s criteria (its author, leads, admins; any status). Append-only; listed on the question.',
      request: { params: KeyParam, ...jsonBody(CreateClarificationBody) },
      responses: {
        201: jsonResponse(z.object({ clarification: ClarificationSchema }), 'Added'),
        ...errorsOf(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        {
          clarification: await addClarification(deps, requireUser(c), c.req.valid('param').key, c.req.valid('json')),
        },
        201,
      ),
  );
  return app;
}
