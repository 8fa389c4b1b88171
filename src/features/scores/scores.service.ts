/** Reading scores: per question, the leaderboard, calibration, an analyst's record, Brier by month. */
import type { Deps } from '../../context';
import { isReviewer, mayReadAnalyst, poolRefusal, type Actor } from '../../domain/access';
import { DomainError, notFound } from '../../domain/errors';
import { outcomeForApi } from '../../domain/questions';
import {
  AGGREGATE_NAMES,
  analystAggregateFromSums,
  backtestFromSums,
  calibrateGroups,
  calibrationEvents,
  compareCodePoints,
  compareLeaderboardRows,
  crowdAggregateFromSums,
  aggregateSeries,
  groupEvents,
  recalibrate,
  RecalibrationTermSet,
  type AggregateName,
  type CalibrationEvent,
} from '../../domain/scoring';
import { findUserByHandle } from '../accounts/accounts.repository';
import { seesAllForecasts } from '../forecasts/forecasts.service';
import { forecastsOfQuestion } from '../forecasts/forecasts.repository';
import { requireQuestion } from '../questions/questions.service';
import * as repo from './scores.repository';

export interface ScoreFilterInput {
  tag?: string | undefined;
  team?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A date alone is 00:00 UTC (docs/api.md), and so is an instant without an offset:
 * never the server's time zone. A calendar date that does not exist (Feb 30)
 * is rejected rather than rolled over into the next month.
 */
export function parseInstant(v: string | undefined, path: string): Date | undefined {
  if (v === undefined) return undefined;
  const invalid = () =>
    new DomainError('invalid_input', `Invalid ${path}`, [{ path, message: 'must be an ISO 8601 instant or date' }]);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](.*))?$/.exec(v);
  if (!m) throw invalid();
  const [, y, mo, day, time] = m as unknown as [string, string, string, string, string | undefined];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(day))
    throw invalid();
  const d =
    time === undefined ? date : new Date(`${y}-${mo}-${day}T${time}${/(Z|[+-]\d{2}:?\d{2})$/.test(time) ? '' : 'Z'}`);
  if (Number.isNaN(d.getTime())) throw invalid();
  return d;
}

/** Refuses (403) an analyst a pool too narrow to keep other analysts' records apart (domain/access.ts). */
async function checkPool(
  deps: Deps,
  viewer: Actor,
  f: { tag?: string | undefined; from?: Date | undefined; to?: Date | undefined },
  userIds: number[] | undefined,
): Promise<void> {
  if (isReviewer(viewer)) return;
  const forecasters = await repo.poolForecasterIds(deps.db, { tag: f.tag, from: f.from, to: f.to }, userIds);
  const why = poolRefusal(viewer, forecasters);
  if (why) throw new DomainError('forbidden', why);
}

async function resolveFilter(deps: Deps, f: ScoreFilterInput) {
  const from = parseInstant(f.from, 'from');
  const to = parseInstant(f.to, 'to');
  let members: number[] | undefined;
  if (f.team !== undefined) {
    members = await repo.teamMemberIds(deps.db, f.team);
    if (!members)
      throw new DomainError('invalid_input', `Unknown team '${f.team}'`, [
        { path: 'team', message: `unknown team '${f.team}'` },
      ]);
  }
  return { tag: f.tag, from, to, members, usesWindow: from !== undefined || to !== undefined };
}

export async function questionScores(deps: Deps, key: string) {
  const q = await requireQuestion(deps.db, key);
  const rows = await repo.questionScoreRows(deps.db, q.id);
  const crowd = await repo.crowdScoreOf(deps.db, q.id);
  const stored = await repo.aggregateScoresOf(deps.db, q.id);
  const aggregates = AGGREGATE_NAMES.flatMap((name) => {
    const r = stored.find((a) => a.name === name);
    return r
      ? [{ name, finalBrier: r.finalBrier, timeWeightedBrier: r.timeWeightedBrier, finalLogLoss: r.finalLogLoss }]
      : [];
  });
  const analysts = rows
    .map((r) => ({
      handle: r.handle,
      finalBrier: r.s.finalBrier,
      timeWeightedBrier: r.s.timeWeightedBrier,
      relativeBrier: r.s.relativeBrier,
      finalLogLoss: r.s.finalLogLoss,
    }))
    .sort((a, b) => compareCodePoints(a.handle, b.handle));
  return { analysts, crowd: { timeWeightedBrier: crowd?.timeWeightedBrier ?? null }, aggregates };
}

export async function leaderboard(deps: Deps, input: ScoreFilterInput) {
  const f = await resolveFilter(deps, input);
  let analystSums: Array<repo.AnalystRollupRow & { handle: string; displayName: string }>;
  let crowdSums: { questions: number; sumBrier: number; sumTimeWeightedBrier: number; sumLogLoss: number };
  if (!f.usesWindow) {
    // The fast path: rollups per analyst and tag, kept current at resolution.
    const tag = f.tag ?? '';
    const rows = await repo.analystRollupsFor(deps.db, tag, f.members);
    analystSums = rows.map((r) => ({ ...r.r, handle: r.handle, displayName: r.displayName }));
    crowdSums = f.members
      ? await repo.crowdSumsFiltered(deps.db, { tag: f.tag }, f.members)
      : ((await repo.crowdRollupFor(deps.db, tag)) ?? {
          questions: 0,
          sumBrier: 0,
          sumTimeWeightedBrier: 0,
          sumLogLoss: 0,
        });
  } else {
    const rows = await repo.analystSumsFiltered(deps.db, { tag: f.tag, from: f.from, to: f.to }, f.members);
    analystSums = rows.map((r) => ({ ...r, tag: f.tag ?? '' }));
    crowdSums = await repo.crowdSumsFiltered(
      deps.db,
      { tag: f.tag, from: f.from, to: f.to },
      analystSums.length ? analystSums.map((r) => r.userId) : [],
    );
  }
  const analysts = analystSums
    .map((s) => ({ handle: s.handle, displayName: s.displayName, ...analystAggregateFromSums(s) }))
    .sort(compareLeaderboardRows);
  // The crowd row covers the questions that at least one listed analyst participated in;
  // without a team filter, every scored question has at least one participant.
  const crowd = crowdAggregateFromSums(
    analysts.length === 0 ? { questions: 0, sumBrier: 0, sumTimeWeightedBrier: 0, sumLogLoss: 0 } : crowdSums,
  );
  return { analysts, crowd };
}

export async function calibration(
  deps: Deps,
  viewer: Actor,
  input: ScoreFilterInput & { user?: string | undefined; bins: number },
) {
  const f = await resolveFilter(deps, input);
  let userIds = f.members;
  let handle: string | null = null;
  if (input.user !== undefined) {
    if (!mayReadAnalyst(viewer, input.user)) {
      throw new DomainError('forbidden', "Only leads and admins may read another analyst's calibration");
    }
    const u = await findUserByHandle(deps.db, input.user);
    if (!u) throw notFound.user(input.user);
    handle = u.handle;
    userIds = userIds ? userIds.filter((id) => id === u.id) : [u.id];
  }
  await checkPool(deps, viewer, f, userIds);
  let groups;
  const terms = new RecalibrationTermSet();
  if (!f.usesWindow && f.tag === undefined) {
    groups = await repo.calibrationGroups(deps.db, userIds);
    for (const t of await repo.recalibrationTermRows(deps.db, userIds)) terms.addTerm(t);
    terms.addForecasts(await repo.scoredQuestionCount(deps.db, userIds));
  } else {
    const rows = await repo.scoreRowsFiltered(deps.db, { tag: f.tag, from: f.from, to: f.to }, userIds);
    const events: CalibrationEvent[] = [];
    for (const r of rows) {
      events.push(...calibrationEvents(r.type, r.finalProbs, r.outcome));
      terms.add(r.type, r.finalProbs, r.outcome);
    }
    groups = groupEvents(events);
  }
  return { user: handle, ...calibrateGroups(groups, input.bins), recalibration: recalibrate(terms.input()) };
}

/**
 * The backtest of the team aggregates (docs/scoring.md): over the questions
 * the leaderboard's crowd row covers under the same filters. Rollups per tag
 * without a team or window; sums over the stored aggregate rows otherwise.
 */
export async function aggregates(deps: Deps, input: ScoreFilterInput) {
  const f = await resolveFilter(deps, input);
  const sums =
    !f.usesWindow && !f.members
      ? await repo.aggregateRollupsFor(deps.db, f.tag ?? '')
      : await repo.aggregateSumsFiltered(deps.db, { tag: f.tag, from: f.from, to: f.to }, f.members);
  return backtestFromSums(sums);
}

/** One analyst's scored questions with every score (that analyst, leads and admins). */
export async function userScores(deps: Deps, viewer: Actor, handle: string, input: ScoreFilterInput) {
  if (!mayReadAnalyst(viewer, handle)) {
    throw new DomainError('forbidden', "Only leads and admins may read another analyst's scores");
  }
  const u = await findUserByHandle(deps.db, handle);
  if (!u) throw notFound.user(handle);
  const f = await resolveFilter(deps, { ...input, team: undefined });
  const rows = await repo.userScoreRows(deps.db, u.id, { tag: f.tag, from: f.from, to: f.to });
  return {
    user: handle,
    questions: rows.map((r) => ({
      question: r.key,
      title: r.title,
      type: r.type,
      options: r.options ?? null,
      tags: r.tags,
      end: r.s.end.toISOString(),
      outcome: outcomeForApi(r.type, { outcome: r.s.outcome, annulled: false }) as 'yes' | 'no' | number,
      finalProbabilities: r.s.finalProbs,
      finalBrier: r.s.finalBrier,
      timeWeightedBrier: r.s.timeWeightedBrier,
      relativeBrier: r.s.relativeBrier,
      finalLogLoss: r.s.finalLogLoss,
      crowdTimeWeightedBrier: r.crowdTwb,
      scoredForecasts: r.s.scoredForecasts,
    })),
  };
}

/** Each analyst's mean TWB by the month (UTC) their questions' scoring windows ended. */
export async function brierByMonth(deps: Deps, viewer: Actor, input: ScoreFilterInput) {
  const f = await resolveFilter(deps, input);
  await checkPool(deps, viewer, f, f.members);
  const rows = await repo.monthlySums(deps.db, { tag: f.tag, from: f.from, to: f.to }, f.members);
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const byHandle = new Map<string, Array<{ month: string; questions: number; meanTimeWeightedBrier: number }>>();
  for (const r of rows) {
    const list = byHandle.get(r.handle) ?? [];
    list.push({
      month: r.month,
      questions: Number(r.questions),
      meanTimeWeightedBrier: Number(r.sumTimeWeightedBrier) / Number(r.questions),
    });
    byHandle.set(r.handle, list);
  }
  const analysts = [...byHandle.entries()]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([handle, points]) => ({ handle, points: points.sort((a, b) => (a.month < b.month ? -1 : 1)) }));
  return { months, analysts };
}

/**
 * The crowd forecast (or another team aggregate) as a step series, for a
 * question's chart; hidden like the forecasts.
 */
export async function crowdOf(deps: Deps, viewer: Actor, key: string, aggregate: AggregateName = 'median') {
  const q = await requireQuestion(deps.db, key);
  if (!(await seesAllForecasts(deps, viewer, q))) return { hidden: true, points: [] };
  const rows = await forecastsOfQuestion(deps.db, q.id);
  const series = aggregateSeries(
    aggregate,
    q.type,
    rows.map((r) => ({ id: r.f.id, analyst: r.handle, createdAt: r.f.createdAt.getTime(), probs: r.f.probs })),
  );
  return {
    hidden: false,
    points: series.map((p) => ({
      at: new Date(p.at).toISOString(),
      ...(q.type === 'binary' ? { probability: p.probs[1]! } : { probabilities: p.probs }),
    })),
  };
}
