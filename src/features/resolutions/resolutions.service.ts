/**
 * Resolving: append a resolution to the question's history and rescore it, in
 * one transaction with the question row locked, so no reader sees a
 * resolution without its scores, and no forecast slips in after it.
 */
import type { Clock } from '../../clock';
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import type { Actor } from '../../domain/access';
import { DomainError, invalidInput, notFound } from '../../domain/errors';
import { parseOutcome, resolutionTimeIssues } from '../../domain/questions';
import { recordAudit } from '../audit/audit.repository';
import { recordEvent } from '../events/events.repository';
import { toResolutionDto } from '../questions/questions.dto';
import { lockQuestion } from '../questions/questions.repository';
import type { ResolutionDto } from '../questions/questions.schemas';
import { rescoreQuestion } from '../scores/rescoring.service';
import * as repo from './resolutions.repository';
import type { ResolveInput } from './resolutions.schemas';

export async function resolveQuestion(
  deps: Deps,
  actor: Actor,
  key: string,
  input: ResolveInput,
): Promise<ResolutionDto> {
  return deps.db.transaction((tx) => resolveInTransaction(tx, deps.clock, actor, key, input));
}

/**
 * Resolves inside the caller's transaction (accepting a suggestion resolves
 * and marks the suggestion in one); `auditDetails` adds to the audit entry.
 */
export async function resolveInTransaction(
  tx: Db,
  clock: Clock,
  actor: Actor,
  key: string,
  input: ResolveInput,
  auditDetails: Record<string, unknown> = {},
): Promise<ResolutionDto> {
  const q = await lockQuestion(tx, key);
  if (!q) throw notFound.question(key);
  const parsed = parseOutcome(q.type, q.options, input.outcome);
  if ('problem' in parsed) throw invalidInput('Invalid outcome', [{ path: ['outcome'], message: parsed.problem }]);
  const now = clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
  const timeIssues = resolutionTimeIssues(
    { opensAt: q.opensAt.getTime() },
    { occurredAt: occurredAt?.getTime() ?? null, resolvedAt: now.getTime() },
  );
  // Resolving now, before the question opens, is a conflict with its state, not bad input.
  if (timeIssues.some((i) => i.path[0] === 'resolvedAt')) {
    throw new DomainError('conflict', `The question has not opened yet (it opens at ${q.opensAt.toISOString()})`);
  }
  if (timeIssues.length) throw invalidInput('Invalid occurredAt', timeIssues);
  const row = await repo.insertResolution(tx, {
    questionId: q.id,
    outcome: parsed.outcome,
    annulled: parsed.annulled,
    occurredAt,
    resolvedAt: now,
    resolvedBy: actor.id,
    sourceUrl: input.sourceUrl ?? null,
    note: input.note ?? null,
  });
  await rescoreQuestion(tx, q.id);
  await recordEvent(tx, {
    type: 'question.resolved',
    questionId: q.id,
    actorId: actor.id,
    at: now,
    data: { outcome: input.outcome, occurredAt: input.occurredAt ?? null, sourceUrl: input.sourceUrl ?? null },
  });
  await recordAudit(tx, {
    at: now,
    actorId: actor.id,
    action: 'question.resolve',
    subject: `question:${key}`,
    details: {
      outcome: input.outcome,
      occurredAt: input.occurredAt ?? null,
      sourceUrl: input.sourceUrl ?? null,
      ...auditDetails,
    },
  });
  return toResolutionDto(q.type, { ...row, resolvedByHandle: actor.handle });
}
