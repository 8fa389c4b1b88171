import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { createRouter, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import { KeyParam } from '../common/fields';
import * as s from './forecasts.schemas';
import * as service from './forecasts.service';

const tags = ['Forecasts'];

export function forecastsRoutes(deps: AppContext) {
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
        ...errorsOf(400, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        { forecast: await service.createForecast(deps, requireUser(c), c.req.valid('param').key, c.req.valid('json')) },
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{key}/forecasts',
      tags,
      summary: "A question's forecasts, oldest first, as far as the caller may see them",
      request: { params: KeyParam },
      responses: {
        200: jsonResponse(s.QuestionForecastsSchema, 'Forecasts'),
        ...errorsOf(404),
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
        200: jsonResponse(s.UserForecastsSchema, 'Forecasts'),
        ...errorsOf(403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await service.listUserForecasts(deps, requireUser(c), c.req.valid('param').handle, q.limit, q.cursor),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/{handle}/open-forecasts',
      tags,
      summary:
        "A user's standing forecasts on the questions open now, closing soonest first, each with the crowd (yourself; leads and admins: anyone)",
      request: { params: s.HandleParam },
      responses: {
        200: jsonResponse(s.OpenForecastsSchema, 'Open forecasts'),
        ...errorsOf(403, 404),
      },
    }),
    async (c) => c.json(await service.listOpenForecasts(deps, requireUser(c), c.req.valid('param').handle), 200),
  );

  return app;
}
