import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog, users } from '../../db/schema';

export interface AuditEntryInput {
  at: Date;
  actorId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** Every change of state writes one entry, in the transaction that makes the change. */
export async function recordAudit(tx: Db, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}

export interface AuditFilter {
  actorId?: number | undefined;
  action?: string | undefined;
  since?: Date | undefined;
  /** Keyset cursor: entries strictly older than (at, id). */
  before?: { at: Date; id: number } | undefined;
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter) {
  const conds: SQL[] = [];
  if (f.actorId !== undefined) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action !== undefined) conds.push(eq(auditLog.action, f.action));
  if (f.since !== undefined) conds.push(gte(auditLog.at, f.since));
  if (f.before) {
    conds.push(or(lt(auditLog.at, f.before.at), and(eq(auditLog.at, f.before.at), lt(auditLog.id, f.before.id)))!);
  }
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: users.handle,
      action: auditLog.action,
      subject: auditLog.subject,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(f.limit);
}
