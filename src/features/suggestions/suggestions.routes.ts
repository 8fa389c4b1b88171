import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireRole, requireUser, roles } from '../../http/auth';
import { createRouter, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import { KeyParam } from '../common/fields';
import { ResolutionSchema } from '../questions/questions.schemas';
import * as s from './suggestions.schemas';
import * as service from './suggestions.service';

const tags = ['Suggestions'];
const Envelope = z.object({ suggestion: s.SuggestionSchema });

export function suggestionsRoutes(deps: AppContext) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{key}/suggestions',
      tags,
      summary:
        'Suggest a question’s resolution (anyone who forecast on it); on a resolved or annulled question it disputes the standing resolution',
      request: { params: KeyParam, ...jsonBody(s.CreateSuggestionBody) },
      responses: {
        201: jsonResponse(Envelope, 'Suggested'),
        ...errorsOf(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        {
          suggestion: await service.createSuggestion(
            deps,
            requireUser(c),
            c.req.valid('param').key,
            c.req.valid('json'),
          ),
        },
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/suggestions',
      tags,
      middleware: [roles('lead', 'admin')] as const,
      summary: 'Suggestions, oldest first, by status (leads and admins)',
      request: { query: s.ListSuggestionsQuery },
      responses: {
        200: jsonResponse(z.object({ suggestions: z.array(s.SuggestionSchema) }), 'Suggestions'),
        ...errorsOf(400, 403),
      },
    }),
    async (c) => {
      requireRole(c, 'lead', 'admin');
      return c.json({ suggestions: await service.listSuggestions(deps, c.req.valid('query').status) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/suggestions/{id}/accept',
      tags,
      middleware: [roles('lead', 'admin')] as const,
      summary: 'Accept a suggestion: the question resolves or re-resolves with its fields (leads and admins)',
      request: { params: s.SuggestionIdParam },
      responses: {
        201: jsonResponse(z.object({ resolution: ResolutionSchema }), 'Resolved'),
        ...errorsOf(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        {
          resolution: await service.acceptSuggestion(deps, requireRole(c, 'lead', 'admin'), c.req.valid('param').id),
        },
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/suggestions/{id}/dismiss',
      tags,
      middleware: [roles('lead', 'admin')] as const,
      summary: 'Dismiss a suggestion with a note (leads and admins)',
      request: { params: s.SuggestionIdParam, ...jsonBody(s.DismissSuggestionBody) },
      responses: {
        200: jsonResponse(Envelope, 'Dismissed'),
        ...errorsOf(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        {
          suggestion: await service.dismissSuggestion(
            deps,
            requireRole(c, 'lead', 'admin'),
            c.req.valid('param').id,
            c.req.valid('json').note,
          ),
        },
        200,
      ),
  );
  return app;
}
