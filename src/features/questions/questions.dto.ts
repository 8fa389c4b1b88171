/**
 * Questions and resolutions as the API and the archive write them: the one
 * mapping from stored rows, so a field is named and formatted in one place.
 */
import { outcomeForApi, questionStatus, type QuestionType } from '../../domain/questions';
import { scoringEnd } from '../../domain/scoring';
import type { QuestionRow, ResolutionRow } from './questions.repository';
import type { QuestionDto, ResolutionDto } from './questions.schemas';

/** The fields a question is posed with, as the API and the archive write them. */
export function questionFields(q: QuestionRow, createdBy: string) {
  return {
    key: q.key,
    title: q.title,
    description: q.description,
    type: q.type,
    options: q.options ?? null,
    tags: q.tags,
    createdBy,
    opensAt: q.opensAt.toISOString(),
    closesAt: q.closesAt.toISOString(),
    hideForecasts: q.hideForecasts,
  };
}

/** A resolution's fields; `resolvedBy` is the resolver's handle. */
export function resolutionFields(
  type: QuestionType,
  r: Omit<ResolutionRow, 'resolvedByHandle'>,
  resolvedBy: string,
): ResolutionDto {
  return {
    outcome: outcomeForApi(type, r),
    occurredAt: r.occurredAt ? r.occurredAt.toISOString() : null,
    resolvedAt: r.resolvedAt.toISOString(),
    resolvedBy,
    sourceUrl: r.sourceUrl,
    note: r.note,
  };
}

export const toResolutionDto = (type: QuestionType, r: ResolutionRow): ResolutionDto =>
  resolutionFields(type, r, r.resolvedByHandle);

/** A stored probability vector as the API writes it: `{probability}` (P(yes)) on a binary question, else `{probabilities}`. */
export function probabilitiesForApi(
  type: QuestionType,
  probs: readonly number[],
): { probability: number } | { probabilities: number[] } {
  return type === 'binary' ? { probability: probs[1]! } : { probabilities: [...probs] };
}

/** What one viewer sees of a question's forecasts: the crowd now (when not hidden from them) and their own latest forecast. */
export interface ViewerFigures {
  crowd: readonly number[] | null;
  crowdHidden: boolean;
  mine: { probs: readonly number[]; createdAt: Date } | null;
}

/** A question with its status now, its standing resolution and history (oldest first), and its counts. */
export function toQuestionDto(
  q: QuestionRow & { createdByHandle: string },
  history: ResolutionRow[],
  counts: { forecasts: number; forecasters: number } | undefined,
  now: Date,
  viewer: ViewerFigures,
): QuestionDto {
  const standing = history[history.length - 1] ?? null;
  const resolutions = history.map((r) => toResolutionDto(q.type, r));
  return {
    ...questionFields(q, q.createdByHandle),
    createdAt: q.createdAt.toISOString(),
    status: questionStatus(q, standing, now),
    resolution: resolutions[resolutions.length - 1] ?? null,
    resolutions,
    forecasts: counts?.forecasts ?? 0,
    forecasters: counts?.forecasters ?? 0,
    scoringEnd: standing
      ? new Date(
          scoringEnd(
            { closesAt: q.closesAt.getTime() },
            { occurredAt: standing.occurredAt?.getTime() ?? null, resolvedAt: standing.resolvedAt.getTime() },
          ),
        ).toISOString()
      : null,
    crowd: viewer.crowd ? probabilitiesForApi(q.type, viewer.crowd) : null,
    crowdHidden: viewer.crowdHidden,
    myForecast: viewer.mine
      ? { ...probabilitiesForApi(q.type, viewer.mine.probs), createdAt: viewer.mine.createdAt.toISOString() }
      : null,
  };
}
