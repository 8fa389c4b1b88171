/** Questions: pose, list, read and (before anyone forecasts) edit. */
import type { Db } from '../../db/client';
import { DomainError, type DomainIssue } from '../../domain/errors';
import { keyFromTitle, questionStatus, type QuestionStatus } from '../../domain/questions';
import { scoringEnd } from '../../domain/scoring';
import type { AppDeps, AuthUser } from '../../http/router';
import { recordAudit } from '../audit/audit.repository';
import * as repo from './questions.repository';

export type QuestionType = 'binary' | 'categorical' | 'ordinal';

export interface ResolutionDto {
  outcome: 'yes' | 'no' | 'annulled' | number;
  occurredAt: string | null;
  resolvedAt: string;
  resolvedBy: string;
  sourceUrl: string | null;
  note: string | null;
}

export interface QuestionDto {
  key: string;
  title: string;
  description: string;
  type: QuestionType;
  options: string[] | null;
  tags: string[];
  opensAt: string;
  closesAt: string;
  hideForecasts: boolean;
  createdBy: string;
  createdAt: string;
  status: QuestionStatus;
  resolution: ResolutionDto | null;
  resolutions: ResolutionDto[];
  forecasts: number;
  forecasters: number;
  scoringEnd: string | null;
}

/** The API form of an outcome: yes/no on binary questions, an option index otherwise. */
export function outcomeDto(type: QuestionType, r: { outcome: number | null; annulled: boolean }): ResolutionDto['outcome'] {
  if (r.annulled || r.outcome === null) return 'annulled';
  if (type === 'binary') return r.outcome === 1 ? 'yes' : 'no';
  return r.outcome;
}

export function toResolutionDto(type: QuestionType, r: repo.ResolutionRow): ResolutionDto {
  return {
    outcome: outcomeDto(type, r),
    occurredAt: r.occurredAt ? r.occurredAt.toISOString() : null,
    resolvedAt: r.resolvedAt.toISOString(),
    resolvedBy: r.resolvedByHandle,
    sourceUrl: r.sourceUrl,
    note: r.note,
  };
}

function toQuestionDto(
  q: repo.QuestionRow & { createdByHandle: string },
  history: repo.ResolutionRow[],
  counts: { forecasts: number; forecasters: number } | undefined,
  now: Date,
): QuestionDto {
  const standing = history[history.length - 1] ?? null;
  const resolutions = history.map((r) => toResolutionDto(q.type, r));
  return {
    key: q.key,
    title: q.title,
    description: q.description,
    type: q.type,
    options: q.options ?? null,
    tags: q.tags,
    opensAt: q.opensAt.toISOString(),
    closesAt: q.closesAt.toISOString(),
    hideForecasts: q.hideForecasts,
    createdBy: q.createdByHandle,
    createdAt: q.createdAt.toISOString(),
    status: questionStatus(q, standing, now),
    resolution: resolutions[resolutions.length - 1] ?? null,
    resolutions,
    forecasts: counts?.forecasts ?? 0,
    forecasters: counts?.forecasters ?? 0,
    scoringEnd: standing
      ? new Date(scoringEnd({ closesAt: q.closesAt.getTime() }, { occurredAt: standing.occurredAt?.getTime() ?? null, resolvedAt: standing.resolvedAt.getTime() })).toISOString()
      : null,
  };
}

async function dtos(db: Db, rows: Array<repo.QuestionRow & { createdByHandle: string }>, now: Date): Promise<QuestionDto[]> {
  const ids = rows.map((r) => r.id);
  const [history, counts] = await Promise.all([repo.resolutionsOf(db, ids), repo.forecastCounts(db, ids)]);
  return rows.map((q) =>
    toQuestionDto(
      q,
      history.filter((r) => r.questionId === q.id),
      counts.get(q.id),
      now,
    ),
  );
}

export async function getQuestion(deps: AppDeps, key: string): Promise<QuestionDto> {
  const q = await repo.findQuestion(deps.db, key);
  if (!q) throw new DomainError('not_found', `No question with key '${key}'`);
  const [dto] = await dtos(deps.db, [q], deps.clock.now());
  return dto!;
}

/** The question row or a 404. */
export async function requireQuestion(db: Db, key: string) {
  const q = await repo.findQuestion(db, key);
  if (!q) throw new DomainError('not_found', `No question with key '${key}'`);
  return q;
}

export async function listQuestions(
  deps: AppDeps,
  f: {
    status?: string | undefined;
    tag?: string | undefined;
    q?: string | undefined;
    closesBefore?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  let beforeId: number | undefined;
  if (f.cursor !== undefined) {
    beforeId = Number(f.cursor);
    // Question ids are int4: a larger number was never a cursor (and would be a database error).
    if (!Number.isSafeInteger(beforeId) || beforeId < 1 || beforeId > 2_147_483_647) {
      throw new DomainError('invalid_input', 'Invalid cursor', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    }
  }
  const now = deps.clock.now();
  const rows = await repo.listQuestions(deps.db, {
    status: f.status as QuestionStatus | undefined,
    tag: f.tag,
    q: f.q,
    closesBefore: f.closesBefore ? new Date(f.closesBefore) : undefined,
    beforeId,
    limit: f.limit + 1,
    now,
  });
  const page = rows.slice(0, f.limit);
  return {
    questions: await dtos(deps.db, page, now),
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]!.id) : null,
  };
}

interface QuestionShape {
  type: QuestionType;
  options: string[] | null | undefined;
  opensAt: Date;
  closesAt: Date;
}

/** Problems with a question's shape that zod alone cannot see (they span fields). */
function shapeIssues(q: QuestionShape): DomainIssue[] {
  const issues: DomainIssue[] = [];
  if (q.type === 'binary' && q.options != null) {
    issues.push({ path: 'options', message: 'must be absent or null for a binary question' });
  }
  if (q.type !== 'binary') {
    const min = q.type === 'ordinal' ? 3 : 2;
    if (!q.options || q.options.length < min) {
      issues.push({ path: 'options', message: `a ${q.type} question needs at least ${min} options` });
    } else {
      const seen = new Set<string>();
      q.options.forEach((o, i) => {
        if (seen.has(o)) issues.push({ path: `options.${i}`, message: `duplicates option '${o}'` });
        seen.add(o);
      });
    }
  }
  if (!(q.opensAt < q.closesAt)) issues.push({ path: 'closesAt', message: 'must be after opensAt' });
  return issues;
}

function invalid(issues: DomainIssue[]): never {
  throw new DomainError('invalid_input', `Invalid question: ${issues[0]!.path} ${issues[0]!.message}`, issues);
}

async function freeKey(tx: Db, title: string): Promise<string> {
  const base = keyFromTitle(title);
  await repo.lockKeyBase(tx, base);
  const taken = await repo.keysTaken(tx, base);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export async function createQuestion(
  deps: AppDeps,
  actor: AuthUser,
  input: {
    key?: string | undefined;
    title: string;
    description: string;
    type: QuestionType;
    options?: string[] | null | undefined;
    tags?: string[] | undefined;
    opensAt?: string | undefined;
    closesAt: string;
    hideForecasts?: boolean | undefined;
  },
): Promise<QuestionDto> {
  const now = deps.clock.now();
  const shape = {
    type: input.type,
    options: input.options,
    opensAt: input.opensAt ? new Date(input.opensAt) : now,
    closesAt: new Date(input.closesAt),
  };
  const issues = shapeIssues(shape);
  if (shape.closesAt <= now) issues.push({ path: 'closesAt', message: 'must be in the future' });
  if (issues.length) invalid(issues);
  const attempt = () => deps.db.transaction(async (tx) => {
    const key = input.key ?? (await freeKey(tx, input.title));
    if (input.key && (await repo.findQuestion(tx, input.key))) {
      throw new DomainError('conflict', `A question with key '${input.key}' already exists`);
    }
    const row = await repo.insertQuestion(tx, {
      key,
      title: input.title,
      description: input.description,
      type: input.type,
      options: input.type === 'binary' ? null : (input.options ?? null),
      tags: [...new Set(input.tags ?? [])],
      opensAt: shape.opensAt,
      closesAt: shape.closesAt,
      hideForecasts: input.hideForecasts ?? false,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, { at: now, actorId: actor.id, action: 'question.create', subject: `question:${key}`, details: { title: input.title, type: input.type } });
    return row;
  });
  // A key made from the title can be taken by a concurrent request between freeKey and the
  // insert: pick the next free one rather than answer 409 to a request that named no key.
  let row: repo.QuestionRow;
  for (let tries = 1; ; tries++) {
    try {
      row = await attempt();
      break;
    } catch (e) {
      if (input.key !== undefined || tries >= 5 || !isUniqueViolation(e)) throw e;
    }
  }
  return getQuestion(deps, row.key);
}

/** Whether a database error (possibly wrapped by drizzle) is a unique-constraint violation. */
function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if ((cur as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Edits are allowed to the creator, leads and admins, and only before anyone has forecast. */
export async function updateQuestion(
  deps: AppDeps,
  actor: AuthUser,
  key: string,
  input: {
    title?: string | undefined;
    description?: string | undefined;
    options?: string[] | null | undefined;
    tags?: string[] | undefined;
    opensAt?: string | undefined;
    closesAt?: string | undefined;
    hideForecasts?: boolean | undefined;
  },
): Promise<QuestionDto> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const q = await repo.lockQuestion(tx, key);
    if (!q) throw new DomainError('not_found', `No question with key '${key}'`);
    if (q.createdBy !== actor.id && actor.role === 'analyst') {
      throw new DomainError('forbidden', 'Only the question’s author, leads and admins may edit it');
    }
    const counts = await repo.forecastCounts(tx, [q.id]);
    if ((counts.get(q.id)?.forecasts ?? 0) > 0) {
      throw new DomainError('conflict', 'The question already has forecasts; its text and settings can no longer change');
    }
    if ((await repo.resolutionsOf(tx, [q.id])).length > 0) {
      throw new DomainError('conflict', 'The question has been resolved; it can no longer change');
    }
    const next = {
      type: q.type,
      options: input.options !== undefined ? input.options : q.options,
      opensAt: input.opensAt ? new Date(input.opensAt) : q.opensAt,
      closesAt: input.closesAt ? new Date(input.closesAt) : q.closesAt,
    };
    const issues = shapeIssues(next);
    if (input.closesAt && next.closesAt <= now) issues.push({ path: 'closesAt', message: 'must be in the future' });
    if (issues.length) invalid(issues);
    const changes: Parameters<typeof repo.updateQuestion>[2] = { updatedAt: now };
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.options !== undefined) changes.options = q.type === 'binary' ? null : input.options;
    if (input.tags !== undefined) changes.tags = [...new Set(input.tags)];
    if (input.opensAt !== undefined) changes.opensAt = next.opensAt;
    if (input.closesAt !== undefined) changes.closesAt = next.closesAt;
    if (input.hideForecasts !== undefined) changes.hideForecasts = input.hideForecasts;
    await repo.updateQuestion(tx, q.id, changes);
    await recordAudit(tx, { at: now, actorId: actor.id, action: 'question.update', subject: `question:${key}`, details: { ...input } });
  });
  return getQuestion(deps, key);
}
