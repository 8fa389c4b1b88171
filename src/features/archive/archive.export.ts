/**
 * Exporting the workspace as an archive (docs/archive.md), streamed as text chunks:
 * one item per line, in a fixed order (teams and users by key, questions,
 * forecasts and resolutions by id, clarifications and suggestions by time),
 * so export -> import -> export is stable.
 */
import type { Db } from '../../db/client';
import { toForecastDto } from '../forecasts/forecasts.service';
import { questionFields, resolutionFields } from '../questions/questions.dto';
import * as repo from './archive.repository';
import { ARCHIVE_VERSION } from './archive.schemas';
import { outcomeForApi } from '../../domain/questions';

const PAGE = 10_000;

function section<T>(name: string, items: T[], last = false): string {
  const body = items.map((i) => `    ${JSON.stringify(i)}`).join(',\n');
  return `  "${name}": [${items.length ? `\n${body}\n  ` : ''}]${last ? '' : ','}\n`;
}

export async function* exportArchive(db: Db, now: Date): AsyncGenerator<string> {
  const [teams, users, memberships, questions] = await Promise.all([
    repo.allTeams(db),
    repo.allUsers(db),
    repo.allMemberships(db),
    repo.allQuestions(db),
  ]);
  const teamKey = new Map(teams.map((t) => [t.id, t.key]));
  const handle = new Map(users.map((u) => [u.id, u.handle]));
  const teamsOf = new Map<number, string[]>();
  for (const m of memberships) teamsOf.set(m.userId, [...(teamsOf.get(m.userId) ?? []), teamKey.get(m.teamId)!]);
  const question = new Map(questions.map((q) => [q.id, q]));

  yield `{\n  "format": "reckon-archive",\n  "version": ${ARCHIVE_VERSION},\n  "exportedAt": ${JSON.stringify(now.toISOString())},\n`;
  yield section(
    'teams',
    teams.map((t) => ({ key: t.key, name: t.name })),
  );
  yield section(
    'users',
    users.map((u) => ({
      handle: u.handle,
      displayName: u.displayName,
      role: u.role,
      active: u.active,
      teams: (teamsOf.get(u.id) ?? []).sort(),
    })),
  );
  yield section(
    'questions',
    questions.map((q) => questionFields(q, handle.get(q.createdBy)!)),
  );

  yield '  "forecasts": [';
  let afterId = 0;
  let first = true;
  for (;;) {
    const page = await repo.forecastPage(db, afterId, PAGE);
    if (page.length === 0) break;
    const lines: string[] = [];
    for (const f of page) {
      const q = question.get(f.questionId)!;
      // The API's form of a forecast, without its id (an archive orders forecasts instead).
      const { id: _id, ...item } = toForecastDto(q.type, q.key, handle.get(f.userId)!, f);
      lines.push(`${first ? '\n' : ',\n'}    ${JSON.stringify(item)}`);
      first = false;
    }
    yield lines.join('');
    afterId = page[page.length - 1]!.id;
  }
  yield first ? '],\n' : '\n  ],\n';

  const resolutions = await repo.resolutionsOfQuestions(db, 'all');
  yield section(
    'resolutions',
    resolutions.map((r) => {
      const q = question.get(r.questionId)!;
      return { question: q.key, ...resolutionFields(q.type, r, handle.get(r.resolvedBy)!) };
    }),
  );
  const [clarifications, suggestions] = await Promise.all([
    repo.clarificationsOfQuestions(db, 'all'),
    repo.suggestionsOfQuestions(db, 'all'),
  ]);
  yield section(
    'clarifications',
    clarifications.map((c) => ({
      question: question.get(c.questionId)!.key,
      text: c.text,
      at: c.at.toISOString(),
      by: handle.get(c.by)!,
    })),
  );
  yield section(
    'suggestions',
    suggestions.map((s) => {
      const q = question.get(s.questionId)!;
      return {
        question: q.key,
        outcome: outcomeForApi(q.type, s),
        occurredAt: s.occurredAt?.toISOString() ?? null,
        sourceUrl: s.sourceUrl,
        note: s.note,
        by: handle.get(s.by)!,
        at: s.at.toISOString(),
        status: s.status,
        decidedBy: s.decidedBy === null ? null : handle.get(s.decidedBy)!,
        decidedAt: s.decidedAt?.toISOString() ?? null,
        decisionNote: s.decisionNote,
      };
    }),
    true,
  );
  yield '}\n';
}
