/**
 * The checking half of an import: every rule of docs/archive.md against the
 * archive and the workspace as it is, all problems collected with their
 * places, and a plan of exactly what to write (nothing already there twice).
 * One checker per section, in the order the sections depend on each other;
 * the rules themselves (a question's shape, outcomes, times, probability
 * vectors) are the domain's, the same the API applies.
 */
import type { Db } from '../../db/client';
import type { Role } from '../../domain/access';
import type { SuggestionStatus } from '../../domain/loop';
import { DomainError, type DomainIssue, type RuleIssue } from '../../domain/errors';
import {
  forecastTimeIssues,
  forecastVector,
  parseOutcome,
  questionShapeIssues,
  resolutionTimeIssues,
  type QuestionType,
  type StoredOutcome,
} from '../../domain/questions';
import * as repo from './archive.repository';
import { place, type ParsedArchive } from './archive.parse';
import type { ArchiveQuestion } from './archive.schemas';

/** At most this many problems are listed; the message gives the total. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface ImportCounts {
  teams: number;
  users: number;
  questions: number;
  forecasts: number;
  resolutions: number;
  clarifications: number;
  suggestions: number;
}

export interface ImportProgress {
  phase: 'checking' | 'writing' | 'rescoring';
  done: number;
  total: number;
}

export interface NewUser {
  handle: string;
  displayName: string;
  role: Role;
  active: boolean;
  teams: string[];
}

export type NewResolution = StoredOutcome & {
  question: string;
  occurredAt: number | null;
  resolvedAt: number;
  resolvedBy: string;
  sourceUrl: string | null;
  note: string | null;
};

/** What an import will write, once every check has passed. */
export interface ImportPlan {
  /** ids of what the workspace already holds, by key or handle */
  teamIds: Map<string, number>;
  userIds: Map<string, number>;
  questionIds: Map<string, number>;
  newTeams: Array<{ key: string; name: string }>;
  newUsers: NewUser[];
  newQuestions: ArchiveQuestion[];
  /** row numbers into the archive's forecast columns, in archive order */
  newForecasts: number[];
  newResolutions: NewResolution[];
  newClarifications: NewClarification[];
  newSuggestions: NewSuggestion[];
}

export interface NewClarification {
  question: string;
  text: string;
  at: number;
  by: string;
}

export type NewSuggestion = StoredOutcome & {
  question: string;
  occurredAt: number | null;
  sourceUrl: string | null;
  note: string | null;
  by: string;
  at: number;
  status: SuggestionStatus;
  decidedBy: string | null;
  decidedAt: number | null;
  decisionNote: string | null;
};

/** A question as the checks need it, from the workspace or from the archive. */
interface QuestionInfo {
  type: QuestionType;
  options: string[] | null;
  opensAt: number;
  closesAt: number;
}

type Workspace = Awaited<ReturnType<typeof loadWorkspace>>;

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);
const iso = (ms: number) => new Date(ms).toISOString();

/** Takes one from a multiset of content keys; true when the item was already there. */
function takeExisting(counts: Map<string, number>, key: string): boolean {
  const n = counts.get(key) ?? 0;
  if (n <= 0) return false;
  counts.set(key, n - 1);
  return true;
}

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function forecastKey(
  questionKey: string,
  user: string,
  t: number,
  probs: readonly number[],
  rationale: string | null,
): string {
  return `${questionKey}\u0000${user}\u0000${t}\u0000${probs.join(',')}\u0000${rationale ?? '\u0001'}`;
}

function resolutionKey(r: NewResolution): string {
  return [
    r.question,
    r.annulled ? 'annulled' : r.outcome,
    r.occurredAt ?? '',
    r.resolvedAt,
    r.resolvedBy,
    r.sourceUrl ?? '\u0001',
    r.note ?? '\u0001',
  ].join('\u0000');
}

/** A domain rule's issues at an archive item's place: `forecasts[12].probabilities[2]`. */
function at(section: string, index: number, issues: readonly RuleIssue[]): DomainIssue[] {
  return issues.map((i) => ({ path: place(section, index, i.path), message: i.message }));
}

async function loadWorkspace(db: Db) {
  const [teams, users, memberships, questions] = await Promise.all([
    repo.allTeams(db),
    repo.allUsers(db),
    repo.allMemberships(db),
    repo.allQuestions(db),
  ]);
  const teamKeyById = new Map(teams.map((t) => [t.id, t.key]));
  const teamsOfUser = new Map<number, string[]>();
  for (const m of memberships)
    teamsOfUser.set(m.userId, [...(teamsOfUser.get(m.userId) ?? []), teamKeyById.get(m.teamId)!]);
  return {
    teams,
    users,
    questions,
    teamByKey: new Map(teams.map((t) => [t.key, t])),
    userByHandle: new Map(users.map((u) => [u.handle, u])),
    userHandleById: new Map(users.map((u) => [u.id, u.handle])),
    teamsOfUser,
    questionByKey: new Map(questions.map((q) => [q.key, q])),
    questionKeyById: new Map(questions.map((q) => [q.id, q.key])),
  };
}

function checkTeams(ws: Workspace, a: ParsedArchive, problems: DomainIssue[]) {
  const inArchive = new Map<string, number>();
  const newTeams: Array<{ key: string; name: string }> = [];
  for (const { index, item } of a.teams) {
    const dup = inArchive.get(item.key);
    if (dup !== undefined) {
      problems.push({ path: `teams[${index}].key`, message: `duplicates teams[${dup}]` });
      continue;
    }
    inArchive.set(item.key, index);
    const existing = ws.teamByKey.get(item.key);
    if (!existing) newTeams.push(item);
    else if (existing.name !== item.name) {
      problems.push({
        path: `teams[${index}].name`,
        message: `disagrees with the workspace's team '${item.key}' ("${existing.name}")`,
      });
    }
  }
  return { newTeams, known: (k: string) => ws.teamByKey.has(k) || inArchive.has(k) };
}

function checkUsers(ws: Workspace, a: ParsedArchive, teamKnown: (k: string) => boolean, problems: DomainIssue[]) {
  const inArchive = new Map<string, number>();
  const newUsers: NewUser[] = [];
  for (const { index, item } of a.users) {
    const dup = inArchive.get(item.handle);
    if (dup !== undefined) {
      problems.push({ path: `users[${index}].handle`, message: `duplicates users[${dup}]` });
      continue;
    }
    inArchive.set(item.handle, index);
    const teams = item.teams ?? [];
    teams.forEach((k, i) => {
      if (!teamKnown(k)) problems.push({ path: `users[${index}].teams[${i}]`, message: `unknown team '${k}'` });
    });
    const existing = ws.userByHandle.get(item.handle);
    if (!existing) {
      newUsers.push({
        handle: item.handle,
        displayName: item.displayName,
        role: item.role,
        active: item.active ?? true,
        teams: [...new Set(teams)],
      });
      continue;
    }
    const disagrees = (field: string, theirs: unknown) =>
      problems.push({
        path: `users[${index}].${field}`,
        message: `disagrees with the workspace's user '${item.handle}' (${JSON.stringify(theirs)})`,
      });
    if (item.displayName !== existing.displayName) disagrees('displayName', existing.displayName);
    if (item.role !== existing.role) disagrees('role', existing.role);
    if ((item.active ?? true) !== existing.active) disagrees('active', existing.active);
    const theirTeams = [...(ws.teamsOfUser.get(existing.id) ?? [])].sort();
    if (!sameList([...teams].sort(), theirTeams)) disagrees('teams', theirTeams);
  }
  return { newUsers, known: (h: string) => ws.userByHandle.has(h) || inArchive.has(h) };
}

function checkQuestions(ws: Workspace, a: ParsedArchive, userKnown: (h: string) => boolean, problems: DomainIssue[]) {
  const info = new Map<string, QuestionInfo>();
  for (const q of ws.questions)
    info.set(q.key, {
      type: q.type,
      options: q.options ?? null,
      opensAt: q.opensAt.getTime(),
      closesAt: q.closesAt.getTime(),
    });
  const inArchive = new Map<string, number>();
  const newQuestions: ArchiveQuestion[] = [];
  for (const { index, item } of a.questions) {
    const path = (f: string) => `questions[${index}].${f}`;
    const dup = inArchive.get(item.key);
    if (dup !== undefined) {
      problems.push({ path: path('key'), message: `duplicates questions[${dup}]` });
      continue;
    }
    inArchive.set(item.key, index);
    const options = item.options ?? null;
    const opensAt = Date.parse(item.opensAt);
    const closesAt = Date.parse(item.closesAt);
    problems.push(...at('questions', index, questionShapeIssues({ type: item.type, options, opensAt, closesAt })));
    if (!userKnown(item.createdBy))
      problems.push({ path: path('createdBy'), message: `unknown user '${item.createdBy}'` });
    const existing = ws.questionByKey.get(item.key);
    if (!existing) {
      newQuestions.push(item);
      info.set(item.key, { type: item.type, options, opensAt, closesAt });
      continue;
    }
    const fields: Array<[string, unknown, unknown]> = [
      ['title', item.title, existing.title],
      ['description', item.description, existing.description],
      ['type', item.type, existing.type],
      ['createdBy', item.createdBy, ws.userHandleById.get(existing.createdBy)],
      ['opensAt', opensAt, existing.opensAt.getTime()],
      ['closesAt', closesAt, existing.closesAt.getTime()],
      ['hideForecasts', item.hideForecasts ?? false, existing.hideForecasts],
      ['options', (options ?? []).join('\u0000'), (existing.options ?? []).join('\u0000')],
      ['tags', (item.tags ?? []).join('\u0000'), existing.tags.join('\u0000')],
    ];
    for (const [f, mine, theirs] of fields) {
      if (mine !== theirs)
        problems.push({ path: path(f), message: `disagrees with the workspace's question '${item.key}'` });
    }
  }
  return { newQuestions, info };
}

async function checkResolutions(
  db: Db,
  ws: Workspace,
  a: ParsedArchive,
  questions: Map<string, QuestionInfo>,
  userKnown: (h: string) => boolean,
  problems: DomainIssue[],
) {
  const touched = [...new Set([...a.resolutions.map((r) => r.item.question), ...a.forecasts.questionKeys()])];
  const existing = await repo.resolutionsOfQuestions(
    db,
    touched.map((k) => ws.questionByKey.get(k)?.id).filter((id): id is number => id !== undefined),
  );
  const firstResolvedAt = new Map<string, number>();
  const lastResolvedAt = new Map<string, number>();
  const existingKeys = new Map<string, number>();
  for (const r of existing) {
    const key = ws.questionKeyById.get(r.questionId)!;
    if (!firstResolvedAt.has(key)) firstResolvedAt.set(key, r.resolvedAt.getTime());
    lastResolvedAt.set(key, r.resolvedAt.getTime());
    count(
      existingKeys,
      resolutionKey({
        question: key,
        outcome: r.outcome,
        annulled: r.annulled,
        occurredAt: r.occurredAt?.getTime() ?? null,
        resolvedAt: r.resolvedAt.getTime(),
        resolvedBy: ws.userHandleById.get(r.resolvedBy) ?? '',
        sourceUrl: r.sourceUrl,
        note: r.note,
      }),
    );
  }
  const newResolutions: NewResolution[] = [];
  const lastInArchive = new Map<string, number>();
  /** Existing questions that get their first resolution from the archive: its index there. */
  const firstFromArchive = new Map<string, number>();
  for (const { index, item } of a.resolutions) {
    const path = (f: string) => `resolutions[${index}].${f}`;
    const q = questions.get(item.question);
    if (!q) {
      problems.push({ path: path('question'), message: `unknown question '${item.question}'` });
      continue;
    }
    if (!userKnown(item.resolvedBy))
      problems.push({ path: path('resolvedBy'), message: `unknown user '${item.resolvedBy}'` });
    const parsed = parseOutcome(q.type, q.options, item.outcome);
    if ('problem' in parsed) {
      problems.push({ path: path('outcome'), message: parsed.problem });
      continue;
    }
    const resolvedAt = Date.parse(item.resolvedAt);
    const occurredAt = item.occurredAt ? Date.parse(item.occurredAt) : null;
    problems.push(...at('resolutions', index, resolutionTimeIssues(q, { occurredAt, resolvedAt })));
    const prev = lastInArchive.get(item.question);
    if (prev !== undefined && resolvedAt < prev) {
      problems.push({
        path: path('resolvedAt'),
        message: `is before the previous resolution of '${item.question}' in the archive (resolutions must be in time order)`,
      });
    }
    lastInArchive.set(item.question, resolvedAt);
    const r: NewResolution = {
      question: item.question,
      ...parsed,
      occurredAt,
      resolvedAt,
      resolvedBy: item.resolvedBy,
      sourceUrl: item.sourceUrl ?? null,
      note: item.note ?? null,
    };
    if (takeExisting(existingKeys, resolutionKey(r))) continue;
    const last = lastResolvedAt.get(item.question);
    if (last !== undefined && resolvedAt < last) {
      problems.push({
        path: path('resolvedAt'),
        message: `is before the workspace's latest resolution of '${item.question}' (${iso(last)})`,
      });
    }
    if (!firstResolvedAt.has(item.question)) {
      firstResolvedAt.set(item.question, resolvedAt);
      if (ws.questionByKey.has(item.question)) firstFromArchive.set(item.question, index);
    }
    newResolutions.push(r);
  }
  return { newResolutions, firstResolvedAt, firstFromArchive };
}

async function checkForecasts(
  db: Db,
  ws: Workspace,
  a: ParsedArchive,
  questions: Map<string, QuestionInfo>,
  userKnown: (h: string) => boolean,
  resolutions: { firstResolvedAt: Map<string, number>; firstFromArchive: Map<string, number> },
  problems: DomainIssue[],
  onProgress?: (p: ImportProgress) => void,
): Promise<number[]> {
  const { firstResolvedAt, firstFromArchive } = resolutions;
  const ids = [...new Set([...a.forecasts.questionKeys(), ...firstFromArchive.keys()])]
    .map((k) => ws.questionByKey.get(k)?.id)
    .filter((id): id is number => id !== undefined);
  const existingKeys = new Map<string, number>();
  const latestExisting = new Map<string, number>();
  for (const f of await repo.forecastsOfQuestions(db, ids)) {
    const key = ws.questionKeyById.get(f.questionId)!;
    count(
      existingKeys,
      forecastKey(key, ws.userHandleById.get(f.userId) ?? '', f.createdAt.getTime(), f.probs, f.rationale),
    );
    latestExisting.set(key, Math.max(latestExisting.get(key) ?? -Infinity, f.createdAt.getTime()));
  }
  // A first resolution for a question the workspace holds must come after the forecasts already made on it.
  for (const [key, index] of firstFromArchive) {
    const latest = latestExisting.get(key);
    if (latest !== undefined && latest >= firstResolvedAt.get(key)!) {
      problems.push({
        path: `resolutions[${index}].resolvedAt`,
        message: `must be after the workspace's forecasts on '${key}' (the latest made at ${iso(latest)})`,
      });
    }
  }
  // The new forecasts are row numbers into the parsed columns, not copies.
  const newForecasts: number[] = [];
  const total = a.forecasts.length;
  for (let n = 0; n < total; n++) {
    if (n % 50_000 === 0) onProgress?.({ phase: 'checking', done: n, total });
    const f = a.forecasts.get(n);
    const q = questions.get(f.question);
    if (!q)
      problems.push({ path: place('forecasts', f.index, ['question']), message: `unknown question '${f.question}'` });
    if (!userKnown(f.user))
      problems.push({ path: place('forecasts', f.index, ['user']), message: `unknown user '${f.user}'` });
    if (!q) continue;
    problems.push(...at('forecasts', f.index, forecastTimeIssues(q, firstResolvedAt.get(f.question) ?? null, f.t)));
    const vector = forecastVector(q, f);
    if ('issues' in vector) {
      problems.push(...at('forecasts', f.index, vector.issues));
      continue;
    }
    // Only a question with forecasts in the workspace can hold this one already (the key starts
    // with the question's); a million keys for new questions cost half a second to build.
    if (
      latestExisting.has(f.question) &&
      takeExisting(existingKeys, forecastKey(f.question, f.user, f.t, vector.probs, f.rationale))
    )
      continue;
    newForecasts.push(n);
  }
  onProgress?.({ phase: 'checking', done: total, total });
  return newForecasts;
}

const contentKey = (parts: ReadonlyArray<string | number | boolean | null>) =>
  parts.map((p) => (p === null ? '\u0001' : String(p))).join('\u0000');

const clarificationKey = (c: NewClarification) => contentKey([c.question, c.text, c.at, c.by]);

const suggestionKey = (s: NewSuggestion) =>
  contentKey([
    s.question,
    s.annulled ? 'annulled' : s.outcome,
    s.occurredAt,
    s.sourceUrl,
    s.note,
    s.by,
    s.at,
    s.status,
    s.decidedBy,
    s.decidedAt,
    s.decisionNote,
  ]);

/** Version 2's clarifications and suggestions: references, times after the opening, suggesters who forecast. */
async function checkLoop(
  db: Db,
  ws: Workspace,
  a: ParsedArchive,
  questions: Map<string, QuestionInfo>,
  userKnown: (h: string) => boolean,
  problems: DomainIssue[],
): Promise<{ newClarifications: NewClarification[]; newSuggestions: NewSuggestion[] }> {
  const keys = [...new Set([...a.clarifications, ...a.suggestions].map((x) => x.item.question))];
  const ids = keys.map((k) => ws.questionByKey.get(k)?.id).filter((id): id is number => id !== undefined);
  const handleOf = (id: number | null) => (id === null ? null : (ws.userHandleById.get(id) ?? ''));
  const keyOf = (id: number) => ws.questionKeyById.get(id)!;
  const [existingC, existingS, pairs] = await Promise.all([
    repo.clarificationsOfQuestions(db, ids),
    repo.suggestionsOfQuestions(db, ids),
    repo.forecasterPairs(db, ids),
  ]);
  const haveC = new Map<string, number>();
  for (const c of existingC)
    count(
      haveC,
      clarificationKey({ question: keyOf(c.questionId), text: c.text, at: c.at.getTime(), by: handleOf(c.by)! }),
    );
  const haveS = new Map<string, number>();
  for (const s of existingS)
    count(
      haveS,
      suggestionKey({
        question: keyOf(s.questionId),
        outcome: s.outcome,
        annulled: s.annulled,
        occurredAt: s.occurredAt?.getTime() ?? null,
        sourceUrl: s.sourceUrl,
        note: s.note,
        by: handleOf(s.by)!,
        at: s.at.getTime(),
        status: s.status,
        decidedBy: handleOf(s.decidedBy),
        decidedAt: s.decidedAt?.getTime() ?? null,
        decisionNote: s.decisionNote,
      }),
    );
  // Who forecast on what, for the suggestions only: without any, the archive's forecasts are not walked.
  const forecasters = new Set(pairs.map((p) => `${keyOf(p.questionId)}\u0000${handleOf(p.userId)}`));
  if (a.suggestions.length > 0)
    for (let n = 0; n < a.forecasts.length; n++)
      forecasters.add(`${a.forecasts.questionOf(n)}\u0000${a.forecasts.userOf(n)}`);
  const afterOpening = (q: QuestionInfo, t: number) =>
    t >= q.opensAt ? null : `must not be before the question opens (${iso(q.opensAt)})`;

  const newClarifications: NewClarification[] = [];
  for (const { index, item } of a.clarifications) {
    const path = (f: string) => `clarifications[${index}].${f}`;
    const q = questions.get(item.question);
    if (!q) {
      problems.push({ path: path('question'), message: `unknown question '${item.question}'` });
      continue;
    }
    if (!userKnown(item.by)) problems.push({ path: path('by'), message: `unknown user '${item.by}'` });
    const at = Date.parse(item.at);
    const early = afterOpening(q, at);
    if (early) problems.push({ path: path('at'), message: early });
    const c = { question: item.question, text: item.text, at, by: item.by };
    if (!takeExisting(haveC, clarificationKey(c))) newClarifications.push(c);
  }

  const newSuggestions: NewSuggestion[] = [];
  for (const { index, item } of a.suggestions) {
    const path = (f: string) => `suggestions[${index}].${f}`;
    const q = questions.get(item.question);
    if (!q) {
      problems.push({ path: path('question'), message: `unknown question '${item.question}'` });
      continue;
    }
    for (const f of ['by', 'decidedBy'] as const) {
      const h = item[f];
      if (h != null && !userKnown(h)) problems.push({ path: path(f), message: `unknown user '${h}'` });
    }
    if (!forecasters.has(`${item.question}\u0000${item.by}`))
      problems.push({ path: path('by'), message: `'${item.by}' has not forecast on '${item.question}'` });
    const parsed = parseOutcome(q.type, q.options, item.outcome);
    if ('problem' in parsed) {
      problems.push({ path: path('outcome'), message: parsed.problem });
      continue;
    }
    const at = Date.parse(item.at);
    const early = afterOpening(q, at);
    if (early) problems.push({ path: path('at'), message: early });
    const occurredAt = item.occurredAt ? Date.parse(item.occurredAt) : null;
    if (occurredAt !== null && (occurredAt < q.opensAt || occurredAt > at))
      problems.push({ path: path('occurredAt'), message: `must be within [${iso(q.opensAt)}, ${item.at}]` });
    const decidedAt = item.decidedAt ? Date.parse(item.decidedAt) : null;
    if (decidedAt !== null && decidedAt < at)
      problems.push({ path: path('decidedAt'), message: 'must not be before at' });
    const s: NewSuggestion = {
      question: item.question,
      ...parsed,
      occurredAt,
      sourceUrl: item.sourceUrl ?? null,
      note: item.note ?? null,
      by: item.by,
      at,
      status: item.status,
      decidedBy: item.decidedBy ?? null,
      decidedAt,
      decisionNote: item.decisionNote ?? null,
    };
    if (!takeExisting(haveS, suggestionKey(s))) newSuggestions.push(s);
  }
  return { newClarifications, newSuggestions };
}

/** Checks the archive against the workspace; throws a 400 listing every problem, or returns the plan. */
export async function planImport(
  db: Db,
  a: ParsedArchive,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportPlan> {
  const problems: DomainIssue[] = [...a.problems];
  const ws = await loadWorkspace(db);
  const teams = checkTeams(ws, a, problems);
  const users = checkUsers(ws, a, teams.known, problems);
  const questions = checkQuestions(ws, a, users.known, problems);
  // Resolutions before forecasts: a forecast must precede its question's first resolution.
  const resolutions = await checkResolutions(db, ws, a, questions.info, users.known, problems);
  const newForecasts = await checkForecasts(db, ws, a, questions.info, users.known, resolutions, problems, onProgress);
  const loop = await checkLoop(db, ws, a, questions.info, users.known, problems);

  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length > listed.length ? ` (the first ${listed.length} are listed)` : '';
    throw new DomainError(
      'invalid_input',
      `The archive has ${problems.length} problem${problems.length === 1 ? '' : 's'}${more}; nothing was imported`,
      listed,
    );
  }
  return {
    teamIds: new Map(ws.teams.map((t) => [t.key, t.id])),
    userIds: new Map(ws.users.map((u) => [u.handle, u.id])),
    questionIds: new Map(ws.questions.map((q) => [q.key, q.id])),
    newTeams: teams.newTeams,
    newUsers: users.newUsers,
    newQuestions: questions.newQuestions,
    newForecasts,
    newResolutions: resolutions.newResolutions,
    newClarifications: loop.newClarifications,
    newSuggestions: loop.newSuggestions,
  };
}
