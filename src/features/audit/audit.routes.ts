import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '../../domain/errors';
import { requireRole, roles } from '../../http/auth';
import { createRouter, errorResponses, jsonResponse, slug, type AppDeps } from '../../http/router';
import { findUserByHandle } from '../accounts/accounts.repository';
import { listAudit } from './audit.repository';

const EntrySchema = z
  .object({
    at: z.string(),
    actor: z.string().nullable(),
    action: z.string(),
    subject: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

const Query = z.object({
  actor: slug.optional(),
  action: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const encodeCursor = (at: Date, id: number) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** Only what encodeCursor writes: anything else (e.g. a year the database cannot hold) would reach the query. */
function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  const n = Number(id);
  const canonical = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at ?? '') && !Number.isNaN(d.getTime()) && d.toISOString() === at;
  if (rest.length || !canonical || !/^[1-9][0-9]{0,14}$/.test(id ?? '')) {
    throw new DomainError('invalid_input', 'Invalid cursor', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return { at: d, id: n };
}

export function auditRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['Accounts'],
      middleware: [roles('admin')] as const,
      summary: 'Every change of state, newest first (admin)',
      request: { query: Query },
      responses: {
        200: jsonResponse(z.object({ entries: z.array(EntrySchema), nextCursor: z.string().nullable() }), 'Entries'),
        400: errorResponses[400],
        403: errorResponses[403],
      },
    }),
    async (c) => {
      requireRole(c, 'admin');
      const q = c.req.valid('query');
      let actorId: number | undefined;
      if (q.actor) {
        const u = await findUserByHandle(deps.db, q.actor);
        if (!u) return c.json({ entries: [], nextCursor: null }, 200);
        actorId = u.id;
      }
      const rows = await listAudit(deps.db, {
        actorId,
        action: q.action,
        since: q.since ? new Date(q.since) : undefined,
        before: q.cursor ? decodeCursor(q.cursor) : undefined,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return c.json(
        {
          entries: page.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, subject: r.subject, details: r.details })),
          nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null,
        },
        200,
      );
    },
  );
  return app;
}
