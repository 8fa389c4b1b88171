import { createRoute } from '@hono/zod-openapi';
import { requireUser } from '../../http/auth';
import type { AppContext } from '../../context';
import { createRouter, errorResponses, errorsOf, jsonResponse } from '../../http/router';
import { HandleParam, KeyParam } from '../common/fields';
import * as s from './scores.schemas';
import * as service from './scores.service';

const tags = ['Scores'];

export function scoresRoutes(deps: AppContext) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{key}/scores',
      tags,
      summary: "A resolved question's scores: each participant, the crowd and the team aggregates (docs/scoring.md)",
      request: { params: KeyParam },
      responses: { 200: jsonResponse(s.QuestionScoresSchema, 'Scores'), 404: errorResponses[404] },
    }),
    async (c) => {
      requireUser(c);
      return c.json(await service.questionScores(deps, c.req.valid('param').key), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{key}/crowd',
      tags,
      summary: 'The crowd forecast (or another team aggregate) over time, as a step series (hidden like the forecasts)',
      request: { params: KeyParam, query: s.CrowdQuery },
      responses: {
        200: jsonResponse(s.CrowdSeriesSchema, 'Crowd series'),
        ...errorsOf(400, 404),
      },
    }),
    async (c) =>
      c.json(
        await service.crowdOf(deps, requireUser(c), c.req.valid('param').key, c.req.valid('query').aggregate),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/leaderboard',
      tags,
      summary: 'Every analyst with at least one scored question, best first, and the crowd',
      request: { query: s.FilterQuery },
      responses: { 200: jsonResponse(s.LeaderboardSchema, 'Leaderboard'), 400: errorResponses[400] },
    }),
    async (c) => {
      requireUser(c);
      return c.json(await service.leaderboard(deps, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/aggregates',
      tags,
      summary:
        "The backtest of the team aggregates (median, mean, geometric, extremized) on the team's resolved questions",
      request: { query: s.FilterQuery },
      responses: { 200: jsonResponse(s.AggregatesSchema, 'Backtest'), 400: errorResponses[400] },
    }),
    async (c) => {
      requireUser(c);
      return c.json(await service.aggregates(deps, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/calibration',
      tags,
      summary: "An analyst's calibration (yourself; leads and admins: anyone), or pooled without user",
      request: { query: s.CalibrationQuery },
      responses: {
        200: jsonResponse(s.CalibrationSchema, 'Calibration'),
        ...errorsOf(400, 403, 404),
      },
    }),
    async (c) => c.json(await service.calibration(deps, requireUser(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/{handle}/scores',
      tags,
      summary: "An analyst's scored questions with every score (that analyst, leads and admins)",
      request: { params: HandleParam, query: s.FilterQuery.omit({ team: true }) },
      responses: {
        200: jsonResponse(s.UserScoresSchema, 'Scored questions'),
        ...errorsOf(403, 404),
      },
    }),
    async (c) =>
      c.json(await service.userScores(deps, requireUser(c), c.req.valid('param').handle, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/brier-by-month',
      tags,
      summary: "Each analyst's mean time-weighted Brier by the month their questions' scoring windows ended",
      request: { query: s.FilterQuery },
      responses: {
        200: jsonResponse(s.BrierByMonthSchema, 'Monthly means'),
        ...errorsOf(400, 403),
      },
    }),
    async (c) => c.json(await service.brierByMonth(deps, requireUser(c), c.req.valid('query')), 200),
  );

  return app;
}
