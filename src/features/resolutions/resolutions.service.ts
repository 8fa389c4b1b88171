/**
 * Resolving: append a resolution to the question's history and rescore it, in
 * one transaction with the question row locked, so no reader sees a
 * resolution without its scores, and no forecast slips in after it.
 */
import { DomainError } from '../../domain/errors';
import { outcomeCount } from '../../domain/questions';
import type { AppDeps, AuthUser } from '../../http/router';
import { recordAudit } from '../audit/audit.repository';
import { lockQuestion } from '../questions/questions.repository';
import { toResolutionDto, type QuestionType } from '../questions/questions.service';
import { rescoreQuestion } from '../scores/scoring.service';
import * as repo from './resolutions.repository';

export type OutcomeInput = 'yes' | 'no' | 'annulled' | number;

/** The stored form of an outcome, or the problem with it for this question type. */
export function parseOutcome(
  type: QuestionType,
  options: string[] | null,
  outcome: OutcomeInput,
): { outcome: number | null; annulled: boolean } | { problem: string } {
  if (outcome === 'annulled') return { outcome: null, annulled: true };
  if (type === 'binary') {
    if (outcome === 'yes') return { outcome: 1, annulled: false };
    if (outcome === 'no') return { outcome: 0, annulled: false };
    return { problem: 'a binary question resolves "yes", "no" or "annulled"' };
  }
  const k = outcomeCount(type, options);
  if (typeof outcome !== 'number' || !Number.isInteger(outcome) || outcome < 0 || outcome >= k) {
    return { problem: `a ${type} question resolves to an option index from 0 to ${k - 1}, or "annulled"` };
  }
  return { outcome, annulled: false };
}

export async function resolveQuestion(
  deps: AppDeps,
  actor: AuthUser,
  key: string,
  input: { outcome: OutcomeInput; occurredAt?: string | undefined; sourceUrl?: string | undefined; note?: string | undefined },
) {
  return deps.db.transaction(async (tx) => {
    const q = await lockQuestion(tx, key);
    if (!q) throw new DomainError('not_found', `No question with key '${key}'`);
    const parsed = parseOutcome(q.type, q.options ?? null, input.outcome);
    if ('problem' in parsed) {
      throw new DomainError('invalid_input', `Invalid outcome: ${parsed.problem}`, [{ path: 'outcome', message: parsed.problem }]);
    }
    const now = deps.clock.now();
    if (now < q.opensAt) throw new DomainError('conflict', `The question has not opened yet (it opens at ${q.opensAt.toISOString()})`);
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
    if (occurredAt && (occurredAt < q.opensAt || occurredAt > now)) {
      throw new DomainError('invalid_input', 'occurredAt must lie between the question opening and now', [
        { path: 'occurredAt', message: `must be within [${q.opensAt.toISOString()}, ${now.toISOString()}]` },
      ]);
    }
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
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'question.resolve',
      subject: `question:${key}`,
      details: { outcome: input.outcome, occurredAt: input.occurredAt ?? null, sourceUrl: input.sourceUrl ?? null },
    });
    return toResolutionDto(q.type, { ...row, resolvedByHandle: actor.handle });
  });
}
