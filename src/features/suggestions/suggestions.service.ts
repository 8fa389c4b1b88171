/**
 * Resolution suggestions: anyone who forecast on a question may suggest its
 * outcome (on a resolved or annulled question, a dispute of the standing
 * resolution); leads and admins accept one (the question resolves or
 * re-resolves with its fields, in the same transaction) or dismiss it with a
 * note. A decided suggestion stays decided (409).
 */
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import type { Actor } from '../../domain/access';
import { DomainError, invalidInput, notFound } from '../../domain/errors';
import type { SuggestionStatus } from '../../domain/loop';
import { outcomeForApi, parseOutcome, resolutionTimeIssues, type QuestionType } from '../../domain/questions';
import { recordAudit } from '../audit/audit.repository';
import { recordEvent } from '../events/events.repository';
import { hasForecast } from '../forecasts/forecasts.repository';
import { findQuestion } from '../questions/questions.repository';
import type { ResolutionDto } from '../questions/questions.schemas';
import { resolveInTransaction } from '../resolutions/resolutions.service';
import * as repo from './suggestions.repository';
import type { CreateSuggestionInput, SuggestionDto } from './suggestions.schemas';

type Joined = Awaited<ReturnType<typeof repo.findSuggestions>>[number];

export function toSuggestionDto(r: Joined): SuggestionDto {
  const s = r.s;
  return {
    id: s.id,
    question: r.key,
    outcome: outcomeForApi(r.type as QuestionType, s),
    occurredAt: s.occurredAt?.toISOString() ?? null,
    sourceUrl: s.sourceUrl,
    note: s.note,
    by: r.by,
    at: s.at.toISOString(),
    status: s.status,
    decidedBy: r.decidedBy ?? null,
    decidedAt: s.decidedAt?.toISOString() ?? null,
    decisionNote: s.decisionNote,
  };
}

async function oneSuggestion(db: Db, id: number): Promise<SuggestionDto> {
  const [row] = await repo.findSuggestions(db, { id });
  if (!row) throw new DomainError('not_found', `No suggestion with id ${id}`);
  return toSuggestionDto(row);
}

/** A question's suggestions, open and decided, oldest first. */
export async function suggestionsOfQuestion(db: Db, questionId: number): Promise<SuggestionDto[]> {
  return (await repo.findSuggestions(db, { questionId })).map(toSuggestionDto);
}

export async function listSuggestions(deps: Deps, status: SuggestionStatus | undefined): Promise<SuggestionDto[]> {
  return (await repo.findSuggestions(deps.db, { status })).map(toSuggestionDto);
}

export async function createSuggestion(
  deps: Deps,
  actor: Actor,
  key: string,
  input: CreateSuggestionInput,
): Promise<SuggestionDto> {
  const id = await deps.db.transaction(async (tx) => {
    const q = await findQuestion(tx, key);
    if (!q) throw notFound.question(key);
    if (!(await hasForecast(tx, q.id, actor.id))) {
      throw new DomainError('forbidden', 'Only those who forecast on a question may suggest its resolution');
    }
    const parsed = parseOutcome(q.type, q.options, input.outcome);
    if ('problem' in parsed) throw invalidInput('Invalid outcome', [{ path: ['outcome'], message: parsed.problem }]);
    const now = deps.clock.now();
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
    // The same window a resolution made now would need: from the opening to now.
    const timeIssues = resolutionTimeIssues(
      { opensAt: q.opensAt.getTime() },
      { occurredAt: occurredAt?.getTime() ?? null, resolvedAt: now.getTime() },
    ).filter((i) => i.path[0] === 'occurredAt');
    if (timeIssues.length) throw invalidInput('Invalid occurredAt', timeIssues);
    const row = await repo.insertSuggestion(tx, {
      questionId: q.id,
      outcome: parsed.outcome,
      annulled: parsed.annulled,
      occurredAt,
      sourceUrl: input.sourceUrl ?? null,
      note: input.note ?? null,
      by: actor.id,
      at: now,
      status: 'open',
    });
    await recordEvent(tx, {
      type: 'suggestion.created',
      questionId: q.id,
      actorId: actor.id,
      at: now,
      data: { id: row.id, outcome: input.outcome, occurredAt: input.occurredAt ?? null, sourceUrl: row.sourceUrl },
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'suggestion.create',
      subject: `question:${key}`,
      details: { id: row.id, outcome: input.outcome, occurredAt: input.occurredAt ?? null, sourceUrl: row.sourceUrl },
    });
    return row.id;
  });
  return oneSuggestion(deps.db, id);
}

/** The suggestion, locked, or a 404; a 409 when it is already decided. */
async function lockOpen(tx: Db, id: number) {
  const s = await repo.lockSuggestion(tx, id);
  if (!s) throw new DomainError('not_found', `No suggestion with id ${id}`);
  if (s.status !== 'open') throw new DomainError('conflict', `Suggestion ${id} has already been ${s.status}`);
  const [joined] = await repo.findSuggestions(tx, { id });
  return joined!;
}

export async function acceptSuggestion(deps: Deps, actor: Actor, id: number): Promise<ResolutionDto> {
  return deps.db.transaction(async (tx) => {
    const j = await lockOpen(tx, id);
    const s = toSuggestionDto(j);
    const resolution = await resolveInTransaction(
      tx,
      deps.clock,
      actor,
      j.key,
      {
        outcome: s.outcome,
        ...(s.occurredAt ? { occurredAt: s.occurredAt } : {}),
        ...(s.sourceUrl ? { sourceUrl: s.sourceUrl } : {}),
        ...(s.note !== null ? { note: s.note } : {}),
      },
      { suggestion: { id, by: j.by } },
    );
    const now = new Date(resolution.resolvedAt);
    await repo.decideSuggestion(tx, id, {
      status: 'accepted',
      decidedBy: actor.id,
      decidedAt: now,
      decisionNote: null,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'suggestion.accept',
      subject: `question:${j.key}`,
      details: { id, by: j.by, outcome: s.outcome },
    });
    return resolution;
  });
}

export async function dismissSuggestion(deps: Deps, actor: Actor, id: number, note: string): Promise<SuggestionDto> {
  await deps.db.transaction(async (tx) => {
    const j = await lockOpen(tx, id);
    const now = deps.clock.now();
    await repo.decideSuggestion(tx, id, {
      status: 'dismissed',
      decidedBy: actor.id,
      decidedAt: now,
      decisionNote: note,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'suggestion.dismiss',
      subject: `question:${j.key}`,
      details: { id, by: j.by, note },
    });
  });
  return oneSuggestion(deps.db, id);
}
