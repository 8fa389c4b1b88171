/**
 * The API's shapes, for the front end's JSDoc types. Only types come from src/
 * (docs/architecture.md): nothing here exists at run time.
 */
import type { z } from '@hono/zod-openapi';
import type { QuestionDto, ResolutionDto } from '../src/features/questions/questions.schemas';
import type { QuestionType } from '../src/domain/questions';
import type { ForecastDto, OpenForecastsSchema } from '../src/features/forecasts/forecasts.schemas';
import type {
  AggregatesSchema,
  BrierByMonthSchema,
  CalibrationSchema,
  CrowdSeriesSchema,
  LeaderboardSchema,
  QuestionScoresSchema,
  UserScoresSchema,
} from '../src/features/scores/scores.schemas';
import type { TeamSchema, UserSchema } from '../src/features/accounts/accounts.schemas';
import type { InboxDto } from '../src/features/inbox/inbox.schemas';
import type { SettingsDto } from '../src/features/settings/settings.schemas';
import type { ClarificationDto } from '../src/features/clarifications/clarifications.schemas';
import type { SuggestionDto } from '../src/features/suggestions/suggestions.schemas';

export type Question = QuestionDto;
export type Resolution = ResolutionDto;
export type { QuestionType };
export type Forecast = ForecastDto;
export type OpenForecasts = z.infer<typeof OpenForecastsSchema>;
export type OpenForecast = OpenForecasts['forecasts'][number];
export type User = z.infer<typeof UserSchema>;
export type Role = User['role'];
export type Team = z.infer<typeof TeamSchema>;
export type CrowdSeries = z.infer<typeof CrowdSeriesSchema>;
export type CrowdPoint = CrowdSeries['points'][number];
export type QuestionScores = z.infer<typeof QuestionScoresSchema>;
export type Leaderboard = z.infer<typeof LeaderboardSchema>;
export type LeaderboardRow = Leaderboard['analysts'][number];
export type Calibration = z.infer<typeof CalibrationSchema>;
export type CalibrationBin = Calibration['bins'][number];
export type UserScores = z.infer<typeof UserScoresSchema>;
export type ScoredQuestion = UserScores['questions'][number];
export type BrierByMonth = z.infer<typeof BrierByMonthSchema>;
export type Inbox = InboxDto;
export type InboxItem = InboxDto['items'][number];
export type Settings = SettingsDto;
export type Clarification = ClarificationDto;
export type Suggestion = SuggestionDto;

export type Aggregates = z.infer<typeof AggregatesSchema>;
export type AggregateBacktest = Aggregates['aggregates'][number];

/** One problem with a request, as the API reports it. */
export interface Issue {
  path: string;
  message: string;
}

/** The API's error body. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: Issue[] };
}
