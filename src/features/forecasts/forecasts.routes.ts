import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../../http/auth';
import { createRouter, errorResponses, jsonBody, jsonResponse, type AppDeps } from '../../http/router';
import { KeyParam } from '../questions/questions.schemas';
import * as s from './forecasts.schemas';
import * as service from './forecasts.service';

const tags = ['Forecasts'];

export function forecastsRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{key}/forecasts',
      tags,
      summary: 'Forecast on an open question: probability (binary) or probabilities (one per option)',
      request: { params: KeyParam, ...jsonBody(s.CreateForecastBody) },
      responses: {
        201: jsonResponse(z.object({ forecast: s.ForecastSchema }), 'Accepted, timed by the server clock'),
        400: errorResponses[400],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) =>
      c.json({ forecast: await service.createForecast(deps, requireUser(c), c.req.valid('param').key, c.req.valid('json')) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{key}/forecasts',
      tags,
      summary: "A question's forecasts, oldest first, as far as the caller may see them",
      request: { params: KeyParam },
      responses: {
        200: jsonResponse(
          z.object({
            forecasts: z.array(s.ForecastSchema),
            hidden: z.boolean().openapi({ description: "true when others' forecasts are hidden from you until you forecast" }),
          }),
          'Forecasts',
        ),
        404: errorResponses[404],
      },
    }),
    async (c) => c.json(await service.listQuestionForecasts(deps, requireUser(c), c.req.valid('param').key), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/{handle}/forecasts',
      tags,
      summary: "A user's forecast history, newest first (yourself; leads and admins: anyone)",
      request: { params: s.HandleParam, query: s.UserForecastsQuery },
      responses: {
        200: jsonResponse(
          z.object({ forecasts: z.array(s.ForecastSchema.extend({ questionTitle: z.string() })), nextCursor: z.string().nullable() }),
          'Forecasts',
        ),
        403: errorResponses[403],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await service.listUserForecasts(deps, requireUser(c), c.req.valid('param').handle, q.limit, q.cursor), 200);
    },
  );

  return app;
}
