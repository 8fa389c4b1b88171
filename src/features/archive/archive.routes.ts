import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { DomainError } from '../../domain/errors';
import type { AppContext } from '../../context';
import { requireRole, requireUser } from '../../http/auth';
import { createRouter, errorResponses, errorsOf, jsonResponse } from '../../http/router';
import { exportArchive } from './archive.export';
import { importArchiveStream } from './archive.import';
import { forecastsCsv, scoresCsv } from './csv.service';

const tags = ['Archive'];

const ImportedSchema = z
  .object({
    imported: z.object({
      teams: z.number().int(),
      users: z.number().int(),
      questions: z.number().int(),
      forecasts: z.number().int(),
      resolutions: z.number().int(),
    }),
  })
  .openapi('ImportResult');

/** Streams an async generator of text chunks as the response body. */
function streamText(c: Context, chunks: AsyncGenerator<string>) {
  return stream(c, async (s) => {
    for await (const chunk of chunks) await s.write(chunk);
  });
}

export function archiveRoutes(deps: AppContext) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/export',
      tags,
      summary: 'The whole workspace as an archive (leads and admins; docs/archive.md)',
      responses: {
        200: { description: 'The archive', content: { 'application/json': { schema: z.object({}).passthrough() } } },
        ...errorsOf(403),
      },
    }),
    async (c) => {
      requireRole(c, 'lead', 'admin');
      const now = deps.clock.now();
      c.header('content-type', 'application/json; charset=utf-8');
      c.header('content-disposition', `attachment; filename="reckon-${now.toISOString().slice(0, 10)}.json"`);
      return streamText(c, exportArchive(deps.db, now)) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      summary: 'Import an archive (admins; up to 256 MB): all or nothing, merging with what is there',
      // The body is streamed by the handler, never parsed whole: it is described here, not validated by a middleware.
      description: 'The request body is a reckon-archive document (docs/archive.md), read as a stream.',
      responses: { 200: jsonResponse(ImportedSchema, 'Imported'), 400: errorResponses[400], 403: errorResponses[403] },
    }),
    async (c) => {
      const actor = requireRole(c, 'admin');
      const body = c.req.raw.body;
      if (!body)
        throw new DomainError('invalid_input', 'The request has no body', [
          { path: '', message: 'an archive is required' },
        ]);
      const imported = await importArchiveStream(deps, actor.id, Readable.fromWeb(body as never));
      return c.json({ imported }, 200);
    },
  );

  const csvRoute = (path: string, summary: string, gen: typeof forecastsCsv) =>
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags,
        summary,
        responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
      }),
      async (c) => {
        const user = requireUser(c);
        c.header('content-type', 'text/csv; charset=utf-8');
        c.header('content-disposition', `attachment; filename="${path.split('/').pop()}"`);
        return streamText(c, gen(deps.db, user)) as never;
      },
    );
  csvRoute(
    '/export/forecasts.csv',
    'Every forecast as CSV (leads and admins; an analyst gets their own rows)',
    forecastsCsv,
  );
  csvRoute(
    '/export/scores.csv',
    'Every (question, analyst) score as CSV (leads and admins; an analyst gets their own rows)',
    scoresCsv,
  );

  return app;
}
