import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../../http/auth';
import type { AppContext } from '../../context';
import { createRouter, errorResponses, errorsOf, jsonBody, jsonResponse } from '../../http/router';
import * as s from './questions.schemas';
import * as service from './questions.service';

const tags = ['Questions'];
const Envelope = z.object({ question: s.QuestionSchema });

export function questionsRoutes(deps: AppContext) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions',
      tags,
      summary: 'Pose a question (any signed-in user)',
      request: jsonBody(s.CreateQuestionBody),
      responses: { 201: jsonResponse(Envelope, 'Created'), 400: errorResponses[400], 409: errorResponses[409] },
    }),
    async (c) => c.json({ question: await service.createQuestion(deps, requireUser(c), c.req.valid('json')) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions',
      tags,
      summary: 'List questions, newest first, filtered by status, tag and text',
      request: { query: s.ListQuestionsQuery },
      responses: {
        200: jsonResponse(s.QuestionPageSchema, 'A page of questions'),
        ...errorsOf(400),
      },
    }),
    async (c) => c.json(await service.listQuestions(deps, requireUser(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{key}',
      tags,
      summary: 'One question with its status, standing resolution and resolution history',
      request: { params: s.KeyParam },
      responses: { 200: jsonResponse(Envelope, 'The question'), 404: errorResponses[404] },
    }),
    async (c) => c.json({ question: await service.getQuestion(deps, requireUser(c), c.req.valid('param').key) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/questions/{key}',
      tags,
      summary: 'Edit a question before anyone has forecast on it (its author, leads, admins)',
      request: { params: s.KeyParam, ...jsonBody(s.UpdateQuestionBody) },
      responses: {
        200: jsonResponse(Envelope, 'Updated'),
        ...errorsOf(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        { question: await service.updateQuestion(deps, requireUser(c), c.req.valid('param').key, c.req.valid('json')) },
        200,
      ),
  );

  return app;
}
