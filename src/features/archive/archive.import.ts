/**
 * Importing an archive: check everything first (archive.check.ts), then write
 * everything and rescore the questions it touches, in one transaction
 * (docs/archive.md). On any problem nothing is written and the 400 lists every
 * problem with its place.
 */
import type { Readable } from 'node:stream';
import type { Deps } from '../../context';
import type { Db } from '../../db/client';
import { DomainError } from '../../domain/errors';
import { recordAudit } from '../audit/audit.repository';
import { rebuildCrowdSnapshots } from '../inbox/crowd.service';
import { readHeldQuestions, scoreHeld, writeHeldScores } from '../scores/held-scoring.service';
import type { ScoringForecastRow } from '../scores/rescoring.repository';
import { rescoreQuestions } from '../scores/rescoring.service';
import { planImport, type ImportCounts, type ImportPlan, type ImportProgress } from './archive.check';
import * as repo from './archive.repository';
import { parseArchive, type ParsedArchive } from './archive.parse';

export { MAX_LISTED_PROBLEMS, type ImportCounts, type ImportProgress } from './archive.check';

/**
 * Imports a parsed archive (and consumes it: its forecast columns are
 * released once written). Checks and writes happen in one transaction that
 * first locks the ledger tables against writers (readers go on), so nothing
 * can change between the checks and the writes.
 */
export async function importArchive(
  deps: Deps,
  actorId: number | null,
  a: ParsedArchive,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportCounts> {
  return deps.db.transaction(async (tx) => {
    await repo.lockLedgerForImport(tx);
    const plan = await planImport(tx, a, onProgress);
    return writePlan(tx, deps.clock.now(), actorId, a, plan, onProgress);
  });
}

/**
 * Reads an archive from a byte stream and imports it: malformed or truncated
 * JSON is a 400 naming the problem; a body over the limit stays a 413.
 */
export async function importArchiveStream(deps: Deps, actorId: number | null, body: Readable): Promise<ImportCounts> {
  let parsed: ParsedArchive;
  try {
    parsed = await parseArchive(body);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    if ((e as { status?: number }).status === 413) throw e;
    const message = `The archive is not valid JSON: ${(e as Error).message}`;
    throw new DomainError('invalid_input', message, [{ path: '', message }]);
  }
  return importArchive(deps, actorId, parsed);
}

/**
 * The held forecasts of the questions `scored`, for scoreHeld: each one's id
 * is its place in `order` (the order they are written in, in which the
 * database's ids ascend), its analyst the user id as text.
 */
function heldForecasts(
  a: ParsedArchive,
  order: readonly number[],
  questionIds: ReadonlyMap<string, number>,
  userIds: ReadonlyMap<string, number>,
  scored: ReadonlySet<number>,
): (questionId: number) => ScoringForecastRow[] {
  const cols = a.forecasts;
  const places = new Map<number, number[]>();
  for (let k = 0; k < order.length; k++) {
    const questionId = questionIds.get(cols.questionOf(order[k]!))!;
    if (!scored.has(questionId)) continue;
    let list = places.get(questionId);
    if (!list) places.set(questionId, (list = []));
    list.push(k);
  }
  const analyst = new Map([...userIds].map(([handle, id]) => [handle, String(id)]));
  return (questionId) =>
    (places.get(questionId) ?? []).map((k) => {
      const n = order[k]!;
      return {
        id: k,
        questionId,
        analyst: analyst.get(cols.userOf(n))!,
        createdAt: cols.timeOf(n),
        probs: cols.probsOf(n),
      };
    });
}

/**
 * Writes the plan's forecasts and stores the scores of every question the
 * archive touches; returns those questions. The questions it creates hold
 * only its forecasts: they are scored from memory while the COPY writes
 * those (held-scoring.service.ts). The others are rescored from the database
 * once it is written. Consumes the parsed forecasts.
 */
async function writeForecastsAndScore(
  tx: Db,
  a: ParsedArchive,
  plan: ImportPlan,
  created: ReadonlySet<number>,
  onProgress?: (p: ImportProgress) => void,
): Promise<number[]> {
  const { newForecasts, newResolutions, questionIds, userIds } = plan;
  const cols = a.forecasts;
  const touched = new Set<number>();
  for (const n of newForecasts) touched.add(questionIds.get(cols.questionOf(n))!);
  for (const r of newResolutions) touched.add(questionIds.get(r.question)!);
  const others = [...touched].filter((id) => !created.has(id));
  const heldQuestions = await readHeldQuestions(
    tx,
    [...touched].filter((id) => created.has(id)),
  );
  const copyFailed = new AbortController();
  const scoring = scoreHeld(
    heldQuestions,
    heldForecasts(a, newForecasts, questionIds, userIds, new Set(heldQuestions.map((q) => q.question.id))),
    copyFailed.signal,
  );
  scoring.catch(() => {}); // awaited below; this keeps a failure during the COPY from counting as unhandled
  let written = 0;
  onProgress?.({ phase: 'writing', done: 0, total: newForecasts.length });
  try {
    await repo.insertForecasts(
      tx,
      newForecasts.length,
      (i) => {
        const n = newForecasts[i]!;
        return {
          questionId: questionIds.get(cols.questionOf(n))!,
          userId: userIds.get(cols.userOf(n))!,
          t: cols.timeOf(n),
          probs: cols.probsOf(n),
          rationale: cols.takeRationale(n),
        };
      },
      (k) => {
        written += k;
        onProgress?.({ phase: 'writing', done: written, total: newForecasts.length });
      },
    );
  } catch (e) {
    copyFailed.abort(e);
    await scoring.catch(() => {}); // nothing outlives the COPY's failure
    throw e;
  }
  const scored = await scoring;
  // Let the parsed records go before rescoring the rest.
  newForecasts.length = 0;
  cols.clear();
  onProgress?.({ phase: 'rescoring', done: 0, total: touched.size });
  await writeHeldScores(tx, scored);
  const heldCount = touched.size - others.length;
  await rescoreQuestions(tx, others, {
    onProgress: (done) => onProgress?.({ phase: 'rescoring', done: heldCount + done, total: touched.size }),
  });
  onProgress?.({ phase: 'rescoring', done: touched.size, total: touched.size });
  return [...touched];
}

async function writePlan(
  tx: Db,
  now: Date,
  actorId: number | null,
  a: ParsedArchive,
  plan: ImportPlan,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportCounts> {
  const { newTeams, newUsers, newQuestions, newForecasts, newResolutions } = plan;
  const teamIds = plan.teamIds;
  for (const t of await repo.insertTeams(
    tx,
    newTeams.map((t) => ({ ...t, createdAt: now })),
  ))
    teamIds.set(t.key, t.id);
  const userIds = plan.userIds;
  const inserted = await repo.insertUsers(
    tx,
    newUsers.map((u) => ({
      handle: u.handle,
      displayName: u.displayName,
      role: u.role,
      active: u.active,
      passwordHash: null,
      createdAt: now,
    })),
  );
  for (const u of inserted) userIds.set(u.handle, u.id);
  await repo.insertMemberships(
    tx,
    newUsers.flatMap((u) => u.teams.map((k) => ({ teamId: teamIds.get(k)!, userId: userIds.get(u.handle)! }))),
  );
  const questionIds = plan.questionIds;
  const insertedQuestions = await repo.insertQuestions(
    tx,
    newQuestions.map((q) => ({
      key: q.key,
      title: q.title,
      description: q.description,
      type: q.type,
      options: q.type === 'binary' ? null : (q.options ?? null),
      tags: q.tags ?? [],
      opensAt: new Date(q.opensAt),
      closesAt: new Date(q.closesAt),
      hideForecasts: q.hideForecasts ?? false,
      createdBy: userIds.get(q.createdBy)!,
      createdAt: new Date(q.opensAt),
      updatedAt: now,
    })),
  );
  for (const q of insertedQuestions) questionIds.set(q.key, q.id);
  await repo.insertResolutions(
    tx,
    newResolutions.map((r) => ({
      questionId: questionIds.get(r.question)!,
      outcome: r.outcome,
      annulled: r.annulled,
      occurredAt: r.occurredAt === null ? null : new Date(r.occurredAt),
      resolvedAt: new Date(r.resolvedAt),
      resolvedBy: userIds.get(r.resolvedBy)!,
      sourceUrl: r.sourceUrl,
      note: r.note,
    })),
  );
  await repo.insertClarifications(
    tx,
    plan.newClarifications.map((c) => ({
      questionId: questionIds.get(c.question)!,
      text: c.text,
      at: new Date(c.at),
      by: userIds.get(c.by)!,
    })),
  );
  await repo.insertSuggestions(
    tx,
    plan.newSuggestions.map((x) => ({
      questionId: questionIds.get(x.question)!,
      outcome: x.outcome,
      annulled: x.annulled,
      occurredAt: x.occurredAt === null ? null : new Date(x.occurredAt),
      sourceUrl: x.sourceUrl,
      note: x.note,
      by: userIds.get(x.by)!,
      at: new Date(x.at),
      status: x.status,
      decidedBy: x.decidedBy === null ? null : userIds.get(x.decidedBy)!,
      decidedAt: x.decidedAt === null ? null : new Date(x.decidedAt),
      decisionNote: x.decisionNote,
    })),
  );
  const forecastCount = newForecasts.length;
  const touched = await writeForecastsAndScore(tx, a, plan, new Set(insertedQuestions.map((q) => q.id)), onProgress);
  await rebuildCrowdSnapshots(tx, touched);
  const counts: ImportCounts = {
    teams: newTeams.length,
    users: newUsers.length,
    questions: newQuestions.length,
    forecasts: forecastCount,
    resolutions: newResolutions.length,
    clarifications: plan.newClarifications.length,
    suggestions: plan.newSuggestions.length,
  };
  await recordAudit(tx, { at: now, actorId, action: 'archive.import', subject: 'workspace', details: { ...counts } });
  return counts;
}
