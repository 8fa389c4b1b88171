/** Questions: pose, list, read and (before anyone forecasts) edit. */
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { mayEditQuestion, seesOthersForecasts, type Actor } from '../../domain/access';
import { DomainError, invalidInput, notFound, type RuleIssue } from '../../domain/errors';
import { keyFromTitle } from '../../domain/keys';
import { questionShapeIssues, questionStatus } from '../../domain/questions';
import { crowdNow } from '../../domain/scoring';
import { recordAudit } from '../audit/audit.repository';
import { clarificationsOfQuestion } from '../clarifications/clarifications.service';
import { suggestionsOfQuestion } from '../suggestions/suggestions.service';
import { recordEvent } from '../events/events.repository';
import { standingForecasts } from '../forecasts/forecasts.repository';
import { toQuestionDto } from './questions.dto';
import * as repo from './questions.repository';
import type { CreateQuestionInput, ListQuestionsInput, QuestionDto, UpdateQuestionInput } from './questions.schemas';

/**
 * Questions as API objects for one viewer: each with its status, resolutions
 * and counts, the crowd standing now (unresolved questions whose forecasts the
 * viewer may see) and the viewer's own latest forecast.
 */
async function dtos(
  db: Db,
  rows: Array<repo.QuestionRow & { createdByHandle: string }>,
  now: Date,
  viewer: Actor,
): Promise<QuestionDto[]> {
  const ids = rows.map((r) => r.id);
  const [history, counts] = await Promise.all([repo.resolutionsOf(db, ids), repo.forecastCounts(db, ids)]);
  const historyOf = (id: number) => history.filter((r) => r.questionId === id);
  const statusOf = new Map(
    rows.map((q) => {
      const h = historyOf(q.id);
      return [q.id, questionStatus(q, h[h.length - 1] ?? null, now)] as const;
    }),
  );
  // Every analyst's standing forecast where a crowd is shown (unresolved questions), only the viewer's elsewhere.
  const live = ids.filter((id) => statusOf.get(id) !== 'resolved' && statusOf.get(id) !== 'annulled');
  const settled = ids.filter((id) => !live.includes(id));
  const [liveStanding, settledMine] = await Promise.all([
    standingForecasts(db, live),
    standingForecasts(db, settled, viewer.id),
  ]);
  const standing = [...liveStanding, ...settledMine];
  return rows.map((q) => {
    const status = statusOf.get(q.id)!;
    const rowsOf = standing.filter((r) => r.f.questionId === q.id);
    const mine = rowsOf.find((r) => r.f.userId === viewer.id) ?? null;
    const sees = seesOthersForecasts(viewer, { hideForecasts: q.hideForecasts, status }, mine !== null);
    const crowd =
      sees && live.includes(q.id)
        ? crowdNow(
            q.type,
            rowsOf.map((r) => ({
              id: r.f.id,
              analyst: r.handle,
              createdAt: r.f.createdAt.getTime(),
              probs: r.f.probs,
            })),
          )
        : null;
    return toQuestionDto(q, historyOf(q.id), counts.get(q.id), now, {
      crowd,
      crowdHidden: !sees,
      mine: mine ? { probs: mine.f.probs, createdAt: mine.f.createdAt } : null,
    });
  });
}

export async function getQuestion(deps: Deps, viewer: Actor, key: string): Promise<QuestionDto> {
  const q = await repo.findQuestion(deps.db, key);
  if (!q) throw notFound.question(key);
  const [[dto], clarifications, suggestions] = await Promise.all([
    dtos(deps.db, [q], deps.clock.now(), viewer),
    clarificationsOfQuestion(deps.db, q.id),
    suggestionsOfQuestion(deps.db, q.id),
  ]);
  return { ...dto!, clarifications, suggestions };
}

/** The question row or a 404. */
export async function requireQuestion(db: Db, key: string) {
  const q = await repo.findQuestion(db, key);
  if (!q) throw notFound.question(key);
  return q;
}

export async function listQuestions(
  deps: Deps,
  viewer: Actor,
  f: ListQuestionsInput,
): Promise<{ questions: QuestionDto[]; nextCursor: string | null }> {
  let beforeId: number | undefined;
  if (f.cursor !== undefined) {
    beforeId = Number(f.cursor);
    // Question ids are int4: a larger number was never a cursor (and would be a database error).
    if (!Number.isSafeInteger(beforeId) || beforeId < 1 || beforeId > 2_147_483_647) {
      throw new DomainError('invalid_input', 'Invalid cursor', [
        { path: 'cursor', message: 'is not a cursor this API returned' },
      ]);
    }
  }
  const now = deps.clock.now();
  const rows = await repo.listQuestions(deps.db, {
    status: f.status,
    tag: f.tag,
    q: f.q,
    closesBefore: f.closesBefore ? new Date(f.closesBefore) : undefined,
    beforeId,
    limit: f.limit + 1,
    now,
  });
  const page = rows.slice(0, f.limit);
  return {
    questions: await dtos(deps.db, page, now, viewer),
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]!.id) : null,
  };
}

function invalid(issues: RuleIssue[]): never {
  throw invalidInput('Invalid question', issues);
}

async function freeKey(tx: Db, title: string): Promise<string> {
  const base = keyFromTitle(title);
  await repo.lockKeyBase(tx, base);
  const taken = await repo.keysTaken(tx, base);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export async function createQuestion(deps: Deps, actor: Actor, input: CreateQuestionInput): Promise<QuestionDto> {
  const now = deps.clock.now();
  const shape = {
    type: input.type,
    options: input.options,
    opensAt: input.opensAt ? new Date(input.opensAt) : now,
    closesAt: new Date(input.closesAt),
  };
  const issues = questionShapeIssues({
    ...shape,
    opensAt: shape.opensAt.getTime(),
    closesAt: shape.closesAt.getTime(),
  });
  if (shape.closesAt <= now) issues.push({ path: ['closesAt'], message: 'must be in the future' });
  if (issues.length) invalid(issues);
  const attempt = () =>
    deps.db.transaction(async (tx) => {
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
      await recordEvent(tx, { type: 'question.created', questionId: row.id, actorId: actor.id, at: now });
      await recordAudit(tx, {
        at: now,
        actorId: actor.id,
        action: 'question.create',
        subject: `question:${key}`,
        details: { title: input.title, type: input.type },
      });
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
  return getQuestion(deps, actor, row.key);
}

/** Edits are allowed to the creator, leads and admins, and only before anyone has forecast. */
export async function updateQuestion(
  deps: Deps,
  actor: Actor,
  key: string,
  input: UpdateQuestionInput,
): Promise<QuestionDto> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const q = await repo.lockQuestion(tx, key);
    if (!q) throw notFound.question(key);
    if (!mayEditQuestion(actor, q)) {
      throw new DomainError('forbidden', 'Only the question’s author, leads and admins may edit it');
    }
    const counts = await repo.forecastCounts(tx, [q.id]);
    if ((counts.get(q.id)?.forecasts ?? 0) > 0) {
      throw new DomainError(
        'conflict',
        'The question already has forecasts; its text and settings can no longer change',
      );
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
    const issues = questionShapeIssues({ ...next, opensAt: next.opensAt.getTime(), closesAt: next.closesAt.getTime() });
    if (input.closesAt && next.closesAt <= now) issues.push({ path: ['closesAt'], message: 'must be in the future' });
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
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'question.update',
      subject: `question:${key}`,
      details: { ...input },
    });
  });
  return getQuestion(deps, actor, key);
}
