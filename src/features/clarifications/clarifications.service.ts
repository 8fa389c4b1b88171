/**
 * Clarifications: append-only notes on a question's criteria by its author,
 * leads and admins, at any status; each is audited and announced
 * (question.clarified) in the transaction that writes it.
 */
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import { mayEditQuestion, type Actor } from '../../domain/access';
import { DomainError, notFound } from '../../domain/errors';
import { recordAudit } from '../audit/audit.repository';
import { recordEvent } from '../events/events.repository';
import { lockQuestion } from '../questions/questions.repository';
import * as repo from './clarifications.repository';
import type { ClarificationDto, CreateClarificationInput } from './clarifications.schemas';

export function toClarificationDto(c: repo.ClarificationRow, by: string): ClarificationDto {
  return { id: c.id, text: c.text, at: c.at.toISOString(), by };
}

/** A question's clarifications, oldest first. */
export async function clarificationsOfQuestion(db: Db, questionId: number): Promise<ClarificationDto[]> {
  return (await repo.clarificationsOf(db, [questionId])).map((r) => toClarificationDto(r.c, r.by));
}

export async function addClarification(
  deps: Deps,
  actor: Actor,
  key: string,
  input: CreateClarificationInput,
): Promise<ClarificationDto> {
  return deps.db.transaction(async (tx) => {
    // Locked so clarifications of one question are dated in the order they are written.
    const q = await lockQuestion(tx, key);
    if (!q) throw notFound.question(key);
    if (!mayEditQuestion(actor, q)) {
      throw new DomainError('forbidden', 'Only the question’s author, leads and admins may clarify it');
    }
    const now = deps.clock.now();
    const row = await repo.insertClarification(tx, { questionId: q.id, text: input.text, at: now, by: actor.id });
    await recordEvent(tx, {
      type: 'question.clarified',
      questionId: q.id,
      actorId: actor.id,
      at: now,
      data: { id: row.id, text: row.text },
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'question.clarify',
      subject: `question:${key}`,
      details: { id: row.id, text: row.text },
    });
    return toClarificationDto(row, actor.handle);
  });
}
