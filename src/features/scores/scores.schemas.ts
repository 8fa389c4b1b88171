import { z } from '@hono/zod-openapi';
import { instantOrDate, questionTypeEnum, slug } from '../common/fields';

const tag = slug;

export const FilterQuery = z.object({
  tag: tag.optional(),
  team: slug.optional(),
  from: instantOrDate.optional(),
  to: instantOrDate.optional(),
});

export const CalibrationQuery = FilterQuery.extend({
  user: slug.optional(),
  bins: z.coerce.number().int('must be a whole number').min(1).max(100).default(10),
});

const num = z.number();
const nullableNum = z.number().nullable();

export const QuestionScoresSchema = z
  .object({
    analysts: z.array(
      z.object({
        handle: z.string(),
        finalBrier: num,
        timeWeightedBrier: num,
        relativeBrier: nullableNum,
        finalLogLoss: num,
      }),
    ),
    crowd: z.object({ timeWeightedBrier: nullableNum }),
  })
  .openapi('QuestionScores');

export const LeaderboardSchema = z
  .object({
    analysts: z.array(
      z.object({
        handle: z.string(),
        displayName: z.string(),
        questions: z.number().int(),
        meanBrier: nullableNum,
        meanTimeWeightedBrier: nullableNum,
        meanLogLoss: nullableNum,
        meanRelativeBrier: nullableNum,
        relativeQuestions: z.number().int(),
        timeWeightedBrierCi95: z.tuple([num, num]).nullable(),
      }),
    ),
    crowd: z.object({
      questions: z.number().int(),
      meanBrier: nullableNum,
      meanTimeWeightedBrier: nullableNum,
      meanLogLoss: nullableNum,
    }),
  })
  .openapi('Leaderboard');

export const CalibrationSchema = z
  .object({
    user: z.string().nullable(),
    events: z.number().int(),
    bins: z.array(
      z.object({
        lo: num,
        hi: num,
        n: z.number().int(),
        meanForecast: nullableNum,
        observedFrequency: nullableNum,
        ci95: z.tuple([num, num]).nullable(),
      }),
    ),
    brier: nullableNum,
    reliability: nullableNum,
    resolution: nullableNum,
    uncertainty: nullableNum,
    spiegelhalter: z.object({ z: nullableNum, p: nullableNum }),
  })
  .openapi('Calibration');

export const UserScoresSchema = z
  .object({
    user: z.string(),
    questions: z.array(
      z.object({
        question: z.string(),
        title: z.string(),
        type: questionTypeEnum,
        options: z.array(z.string()).nullable(),
        tags: z.array(z.string()),
        end: z.string(),
        outcome: z.union([z.enum(['yes', 'no']), z.number().int()]),
        finalProbabilities: z.array(num),
        finalBrier: num,
        timeWeightedBrier: num,
        relativeBrier: nullableNum,
        finalLogLoss: num,
        crowdTimeWeightedBrier: nullableNum,
        scoredForecasts: z.number().int(),
      }),
    ),
  })
  .openapi('UserScores');

export const BrierByMonthSchema = z
  .object({
    months: z.array(z.string()),
    analysts: z.array(
      z.object({
        handle: z.string(),
        points: z.array(z.object({ month: z.string(), questions: z.number().int(), meanTimeWeightedBrier: num })),
      }),
    ),
  })
  .openapi('BrierByMonth');

export const CrowdSeriesSchema = z
  .object({
    hidden: z.boolean(),
    points: z.array(z.object({ at: z.string(), probability: num.optional(), probabilities: z.array(num).optional() })),
  })
  .openapi('CrowdSeries');
