/**
 * The checking half of an import: every rule of ARCHIVE.md against the
 * archive and the workspace as it is, all problems collected with their
 * places, and a plan of exactly what to write (nothing already there twice).
 */
import { DomainError, type DomainIssue } from '../../domain/errors';
import { outcomeCount } from '../../domain/questions';
import { binaryProbs, checkProbability, checkProbabilityVector } from '../../domain/scoring';
import type { Db } from '../../db/client';
import { parseOutcome } from '../resolutions/resolutions.service';
import * as repo from './archive.repository';
import type { ParsedArchive } from './archive.parse';
import type { ArchiveQuestion } from './archive.schemas';

/** At most this many problems are listed; the message gives the total. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface ImportCounts {
  teams: number;
  users: number;
  questions: number;
  forecasts: number;
  resolutions: number;
}

export interface ImportProgress {
  phase: 'checking' | 'writing' | 'rescoring';
  done: number;
  total: number;
}

interface QuestionInfo {
  id: number | null;
  type: 'binary' | 'categorical' | 'ordinal';
  options: string[] | null;
  opensAt: number;
  closesAt: number;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const iso = (ms: number) => new Date(ms).toISOString();

function forecastKey(questionKey: string, user: string, t: number, probs: readonly number[], rationale: string | null): string {
  return `${questionKey}\u0000${user}\u0000${t}\u0000${probs.join(',')}\u0000${rationale ?? '\u0001'}`;
}

function resolutionKey(r: { question: string; outcome: number | null; annulled: boolean; occurredAt: number | null; resolvedAt: number; resolvedBy: string; sourceUrl: string | null; note: string | null }): string {
  return [r.question, r.annulled ? 'annulled' : r.outcome, r.occurredAt ?? '', r.resolvedAt, r.resolvedBy, r.sourceUrl ?? '\u0001', r.note ?? '\u0001'].join('\u0000');
}

/** Takes one from a multiset of content keys; true when the item was already there. */
function takeExisting(counts: Map<string, number>, key: string): boolean {
  const n = counts.get(key) ?? 0;
  if (n <= 0) return false;
  counts.set(key, n - 1);
  return true;
}

/** What an import will write, once every check has passed. */
export interface ImportPlan {
  /** ids of what the workspace already holds, by key or handle */
  teamIds: Map<string, number>;
  userIds: Map<string, number>;
  questionIds: Map<string, number>;
  newTeams: Array<{ key: string; name: string }>;
  newUsers: Array<{ handle: string; displayName: string; role: 'analyst' | 'lead' | 'admin'; active: boolean; teams: string[] }>;
  newQuestions: ArchiveQuestion[];
  /** row numbers into the archive's forecast columns, in archive order */
  newForecasts: number[];
  newResolutions: Array<{ question: string; outcome: number | null; annulled: boolean; occurredAt: number | null; resolvedAt: number; resolvedBy: string; sourceUrl: string | null; note: string | null }>;
}

/** Checks the archive against the workspace; throws a 400 listing every problem, or returns the plan. */
export async function planImport(db: Db, a: ParsedArchive, onProgress?: (p: ImportProgress) => void): Promise<ImportPlan> {
  const problems: DomainIssue[] = [...a.problems];

  // ---- The workspace as it is ----
  const [dbTeams, dbUsers, dbMemberships, dbQuestions] = await Promise.all([
    repo.allTeams(db),
    repo.allUsers(db),
    repo.allMemberships(db),
    repo.allQuestions(db),
  ]);
  const teamByKey = new Map(dbTeams.map((t) => [t.key, t]));
  const teamKeyById = new Map(dbTeams.map((t) => [t.id, t.key]));
  const userByHandle = new Map(dbUsers.map((u) => [u.handle, u]));
  const userHandleById = new Map(dbUsers.map((u) => [u.id, u.handle]));
  const teamsOfUser = new Map<number, string[]>();
  for (const m of dbMemberships) {
    const list = teamsOfUser.get(m.userId) ?? [];
    list.push(teamKeyById.get(m.teamId)!);
    teamsOfUser.set(m.userId, list);
  }
  const dbQuestionByKey = new Map(dbQuestions.map((q) => [q.key, q]));

  // ---- Teams ----
  const archiveTeamKeys = new Map<string, number>();
  const newTeams: Array<{ key: string; name: string }> = [];
  for (const { index, item } of a.teams) {
    const dup = archiveTeamKeys.get(item.key);
    if (dup !== undefined) {
      problems.push({ path: `teams[${index}].key`, message: `duplicates teams[${dup}]` });
      continue;
    }
    archiveTeamKeys.set(item.key, index);
    const existing = teamByKey.get(item.key);
    if (existing) {
      if (existing.name !== item.name) problems.push({ path: `teams[${index}].name`, message: `disagrees with the workspace's team '${item.key}' ("${existing.name}")` });
    } else newTeams.push(item);
  }
  const teamKnown = (k: string) => teamByKey.has(k) || archiveTeamKeys.has(k);

  // ---- Users ----
  const archiveHandles = new Map<string, number>();
  const newUsers: Array<{ handle: string; displayName: string; role: 'analyst' | 'lead' | 'admin'; active: boolean; teams: string[] }> = [];
  for (const { index, item } of a.users) {
    const dup = archiveHandles.get(item.handle);
    if (dup !== undefined) {
      problems.push({ path: `users[${index}].handle`, message: `duplicates users[${dup}]` });
      continue;
    }
    archiveHandles.set(item.handle, index);
    const teams = item.teams ?? [];
    teams.forEach((k, i) => {
      if (!teamKnown(k)) problems.push({ path: `users[${index}].teams[${i}]`, message: `unknown team '${k}'` });
    });
    const existing = userByHandle.get(item.handle);
    if (existing) {
      const fields: Array<[string, unknown, unknown]> = [
        ['displayName', item.displayName, existing.displayName],
        ['role', item.role, existing.role],
        ['active', item.active ?? true, existing.active],
      ];
      for (const [f, mine, theirs] of fields) {
        if (mine !== theirs) problems.push({ path: `users[${index}].${f}`, message: `disagrees with the workspace's user '${item.handle}' (${JSON.stringify(theirs)})` });
      }
      const theirTeams = [...(teamsOfUser.get(existing.id) ?? [])].sort();
      if (!sameList([...teams].sort(), theirTeams)) {
        problems.push({ path: `users[${index}].teams`, message: `disagrees with the workspace's user '${item.handle}' (${JSON.stringify(theirTeams)})` });
      }
    } else newUsers.push({ handle: item.handle, displayName: item.displayName, role: item.role, active: item.active ?? true, teams: [...new Set(teams)] });
  }
  const userKnown = (h: string) => userByHandle.has(h) || archiveHandles.has(h);

  // ---- Questions ----
  const questionInfo = new Map<string, QuestionInfo>();
  for (const q of dbQuestions) {
    questionInfo.set(q.key, { id: q.id, type: q.type, options: q.options ?? null, opensAt: q.opensAt.getTime(), closesAt: q.closesAt.getTime() });
  }
  const archiveQuestionKeys = new Map<string, number>();
  const newQuestions: Array<(typeof a.questions)[number]['item']> = [];
  for (const { index, item } of a.questions) {
    const at = (f: string) => `questions[${index}].${f}`;
    const dup = archiveQuestionKeys.get(item.key);
    if (dup !== undefined) {
      problems.push({ path: at('key'), message: `duplicates questions[${dup}]` });
      continue;
    }
    archiveQuestionKeys.set(item.key, index);
    const options = item.options ?? null;
    if (item.type === 'binary' && options !== null) problems.push({ path: at('options'), message: 'must be null for a binary question' });
    if (item.type !== 'binary') {
      const min = item.type === 'ordinal' ? 3 : 2;
      if (!options || options.length < min) problems.push({ path: at('options'), message: `a ${item.type} question needs at least ${min} options` });
      else if (new Set(options).size !== options.length) problems.push({ path: at('options'), message: 'has duplicate labels' });
    }
    const opensAt = Date.parse(item.opensAt);
    const closesAt = Date.parse(item.closesAt);
    if (!(opensAt < closesAt)) problems.push({ path: at('closesAt'), message: 'must be after opensAt' });
    if (!userKnown(item.createdBy)) problems.push({ path: at('createdBy'), message: `unknown user '${item.createdBy}'` });
    const existing = dbQuestionByKey.get(item.key);
    if (existing) {
      const fields: Array<[string, unknown, unknown]> = [
        ['title', item.title, existing.title],
        ['description', item.description, existing.description],
        ['type', item.type, existing.type],
        ['createdBy', item.createdBy, userHandleById.get(existing.createdBy)],
        ['opensAt', opensAt, existing.opensAt.getTime()],
        ['closesAt', closesAt, existing.closesAt.getTime()],
        ['hideForecasts', item.hideForecasts ?? false, existing.hideForecasts],
      ];
      for (const [f, mine, theirs] of fields) {
        if (mine !== theirs) problems.push({ path: at(f), message: `disagrees with the workspace's question '${item.key}'` });
      }
      if (!sameList(options ?? [], existing.options ?? [])) problems.push({ path: at('options'), message: `disagrees with the workspace's question '${item.key}'` });
      if (!sameList(item.tags ?? [], existing.tags)) problems.push({ path: at('tags'), message: `disagrees with the workspace's question '${item.key}'` });
    } else {
      newQuestions.push(item);
      questionInfo.set(item.key, { id: null, type: item.type, options, opensAt, closesAt });
    }
  }

  // ---- Resolutions (before forecasts: a forecast must precede its question's first resolution) ----
  const existingQuestionIds = [...new Set([...a.resolutions.map((r) => r.item.question), ...a.forecasts.questionKeys()])]
    .map((k) => dbQuestionByKey.get(k)?.id)
    .filter((id): id is number => id !== undefined);
  const dbResolutions = await repo.resolutionsOfQuestions(db, existingQuestionIds);
  const questionKeyById = new Map(dbQuestions.map((q) => [q.id, q.key]));
  const firstResolvedAt = new Map<string, number>();
  const lastResolvedAt = new Map<string, number>();
  const existingResolutionKeys = new Map<string, number>();
  for (const r of dbResolutions) {
    const key = questionKeyById.get(r.questionId)!;
    if (!firstResolvedAt.has(key)) firstResolvedAt.set(key, r.resolvedAt.getTime());
    lastResolvedAt.set(key, r.resolvedAt.getTime());
    const k = resolutionKey({
      question: key,
      outcome: r.outcome,
      annulled: r.annulled,
      occurredAt: r.occurredAt?.getTime() ?? null,
      resolvedAt: r.resolvedAt.getTime(),
      resolvedBy: userHandleById.get(r.resolvedBy) ?? '',
      sourceUrl: r.sourceUrl,
      note: r.note,
    });
    existingResolutionKeys.set(k, (existingResolutionKeys.get(k) ?? 0) + 1);
  }
  const newResolutions: Array<{ question: string; outcome: number | null; annulled: boolean; occurredAt: number | null; resolvedAt: number; resolvedBy: string; sourceUrl: string | null; note: string | null }> = [];
  const lastInArchive = new Map<string, number>();
  /** Existing questions that get their first resolution from the archive: its index there. */
  const firstFromArchive = new Map<string, number>();
  for (const { index, item } of a.resolutions) {
    const at = (f: string) => `resolutions[${index}].${f}`;
    const q = questionInfo.get(item.question);
    if (!q) {
      problems.push({ path: at('question'), message: `unknown question '${item.question}'` });
      continue;
    }
    if (!userKnown(item.resolvedBy)) problems.push({ path: at('resolvedBy'), message: `unknown user '${item.resolvedBy}'` });
    const parsed = parseOutcome(q.type, q.options, item.outcome);
    if ('problem' in parsed) {
      problems.push({ path: at('outcome'), message: parsed.problem });
      continue;
    }
    const resolvedAt = Date.parse(item.resolvedAt);
    const occurredAt = item.occurredAt ? Date.parse(item.occurredAt) : null;
    // As through the API: no question is resolved before it opens.
    if (resolvedAt < q.opensAt) problems.push({ path: at('resolvedAt'), message: `must not be before the question opens (${iso(q.opensAt)})` });
    else if (occurredAt !== null && (occurredAt < q.opensAt || occurredAt > resolvedAt)) {
      problems.push({ path: at('occurredAt'), message: `must be within [opensAt, resolvedAt] = [${iso(q.opensAt)}, ${item.resolvedAt}]` });
    }
    const prev = lastInArchive.get(item.question);
    if (prev !== undefined && resolvedAt < prev) {
      problems.push({ path: at('resolvedAt'), message: `is before the previous resolution of '${item.question}' in the archive (resolutions must be in time order)` });
    }
    lastInArchive.set(item.question, resolvedAt);
    const r = { question: item.question, ...parsed, occurredAt, resolvedAt, resolvedBy: item.resolvedBy, sourceUrl: item.sourceUrl ?? null, note: item.note ?? null };
    if (takeExisting(existingResolutionKeys, resolutionKey(r))) continue;
    const last = lastResolvedAt.get(item.question);
    if (last !== undefined && resolvedAt < last) {
      problems.push({ path: at('resolvedAt'), message: `is before the workspace's latest resolution of '${item.question}' (${iso(last)})` });
    }
    if (!firstResolvedAt.has(item.question)) {
      firstResolvedAt.set(item.question, resolvedAt);
      if (dbQuestionByKey.has(item.question)) firstFromArchive.set(item.question, index);
    }
    newResolutions.push(r);
  }

  // ---- Forecasts ----
  const forecastQuestionIds = [
    ...new Set([...a.forecasts.questionKeys(), ...firstFromArchive.keys()].map((k) => dbQuestionByKey.get(k)?.id).filter((id): id is number => id !== undefined)),
  ];
  const existingForecastKeys = new Map<string, number>();
  const latestExistingForecast = new Map<string, number>();
  for (const f of await repo.forecastsOfQuestions(db, forecastQuestionIds)) {
    const key = questionKeyById.get(f.questionId)!;
    const k = forecastKey(key, userHandleById.get(f.userId) ?? '', f.createdAt.getTime(), f.probs, f.rationale);
    existingForecastKeys.set(k, (existingForecastKeys.get(k) ?? 0) + 1);
    latestExistingForecast.set(key, Math.max(latestExistingForecast.get(key) ?? -Infinity, f.createdAt.getTime()));
  }
  // A first resolution for a question the workspace holds must come after the forecasts already made on it.
  for (const [key, index] of firstFromArchive) {
    const latest = latestExistingForecast.get(key);
    if (latest !== undefined && latest >= firstResolvedAt.get(key)!) {
      problems.push({ path: `resolutions[${index}].resolvedAt`, message: `must be after the workspace's forecasts on '${key}' (the latest made at ${iso(latest)})` });
    }
  }
  // The new forecasts are row numbers into the parsed columns, not copies.
  const newForecasts: number[] = [];
  const total = a.forecasts.length;
  for (let n = 0; n < total; n++) {
    const f = a.forecasts.get(n);
    const at = (field: string) => `forecasts[${f.index}].${field}`;
    if (n % 50_000 === 0) onProgress?.({ phase: 'checking', done: n, total });
    const q = questionInfo.get(f.question);
    if (!q) problems.push({ path: at('question'), message: `unknown question '${f.question}'` });
    if (!userKnown(f.user)) problems.push({ path: at('user'), message: `unknown user '${f.user}'` });
    if (!q) continue;
    if (f.t < q.opensAt || f.t >= q.closesAt) {
      problems.push({ path: at('createdAt'), message: `must be within [opensAt, closesAt) = [${iso(q.opensAt)}, ${iso(q.closesAt)})` });
    }
    const first = firstResolvedAt.get(f.question);
    if (first !== undefined && f.t >= first) {
      problems.push({ path: at('createdAt'), message: `must be before the question's first resolution (${iso(first)})` });
    }
    let probs: number[] | null = null;
    if (q.type === 'binary') {
      if (f.probability === undefined || f.probabilities !== undefined) {
        problems.push({ path: at('probability'), message: 'a binary forecast has probability (and no probabilities)' });
      } else {
        const issues = checkProbability(f.probability);
        for (const i of issues) problems.push({ path: at('probability'), message: i.message });
        if (issues.length === 0) probs = binaryProbs(f.probability);
      }
    } else if (f.probabilities === undefined || f.probability !== undefined) {
      problems.push({ path: at('probabilities'), message: `a ${q.type} forecast has probabilities, one per option (and no probability)` });
    } else {
      const issues = checkProbabilityVector(q.type, outcomeCount(q.type, q.options), f.probabilities);
      for (const i of issues) problems.push({ path: i.index === null ? at('probabilities') : `${at('probabilities')}[${i.index}]`, message: i.message });
      if (issues.length === 0) probs = f.probabilities;
    }
    if (!probs) continue;
    if (takeExisting(existingForecastKeys, forecastKey(f.question, f.user, f.t, probs, f.rationale))) continue;
    newForecasts.push(n);
  }

  onProgress?.({ phase: 'checking', done: total, total });

  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length > listed.length ? ` (the first ${listed.length} are listed)` : '';
    throw new DomainError('invalid_input', `The archive has ${problems.length} problem${problems.length === 1 ? '' : 's'}${more}; nothing was imported`, listed);
  }

  return {
    teamIds: new Map(dbTeams.map((t) => [t.key, t.id])),
    userIds: new Map(dbUsers.map((u) => [u.handle, u.id])),
    questionIds: new Map(dbQuestions.map((q) => [q.key, q.id])),
    newTeams,
    newUsers,
    newQuestions,
    newForecasts,
    newResolutions,
  };
}
