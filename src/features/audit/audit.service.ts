/** Reading the audit log: every change of state, newest first, a page at a time. */
import type { Deps } from '../../context';
import { DomainError } from '../../domain/errors';
import { findUserByHandle } from '../accounts/accounts.repository';
import { listAudit } from './audit.repository';
import type { AuditPage, AuditQuery } from './audit.schemas';

const encodeCursor = (at: Date, id: number) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** Only what encodeCursor writes: anything else (e.g. a year the database cannot hold) would reach the query. */
function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  const n = Number(id);
  const canonical =
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at ?? '') && !Number.isNaN(d.getTime()) && d.toISOString() === at;
  if (rest.length || !canonical || !/^[1-9][0-9]{0,14}$/.test(id ?? '')) {
    throw new DomainError('invalid_input', 'Invalid cursor', [
      { path: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  }
  return { at: d, id: n };
}

export async function auditEntries(deps: Pick<Deps, 'db'>, q: AuditQuery): Promise<AuditPage> {
  let actorId: number | undefined;
  if (q.actor) {
    const u = await findUserByHandle(deps.db, q.actor);
    if (!u) return { entries: [], nextCursor: null };
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
  return {
    entries: page.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: r.details,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}
