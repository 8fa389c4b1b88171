import { z } from '@hono/zod-openapi';
import { AGGREGATE_NAMES, CALIBRATION_VERDICTS } from '../../domain/scoring';
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

export const CrowdQuery = z.object({
  aggregate: z.enum(AGGREGATE_NAMES).default('median').openapi({
    description: 'which team aggregate to draw: median (the crowd, the default), mean, geometric, extremized',
  }),
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
    aggregates: z
      .array(
        z.object({
          name: z.enum(AGGREGATE_NAMES),
          finalBrier: num,
          timeWeightedBrier: num,
          finalLogLoss: num,
        }),
      )
      .openapi({
        description: 'median (the crowd), mean, geometric, extremized; empty when the question has no scores',
      }),
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
        verdict: z.enum(CALIBRATION_VERDICTS).nullable().openapi({
          description: 'meanForecast above ci95 (tooHigh), below it (tooLow), inside (consistent); null when empty',
        }),
      }),
    ),
    brier: nullableNum,
    reliability: nullableNum,
    resolution: nullableNum,
    uncertainty: nullableNum,
    spiegelhalter: z.object({ z: nullableNum, p: nullableNum }),
    recalibration: z
      .object({
        forecasts: z.number().int(),
        meanBrier: nullableNum,
        k: nullableNum,
        meanBrierAtK: nullableNum,
        improvement: nullableNum,
      })
      .openapi({
        description:
          'The shrink k toward even odds (k < 1) or away from them (k > 1) that would have minimised the mean Brier of the final forecasts',
      }),
  })
  .openapi('Calibration');

export const AggregatesSchema = z
  .object({
    questions: z.number().int(),
    aggregates: z.array(
      z.object({
        name: z.enum(AGGREGATE_NAMES),
        questions: z.number().int(),
        meanBrier: nullableNum,
        meanTimeWeightedBrier: nullableNum,
        meanLogLoss: nullableNum,
        timeWeightedBrierCi95: z.tuple([num, num]).nullable(),
        vsMedian: z
          .object({ mean: num, ci95: z.tuple([num, num]).nullable() })
          .nullable()
          .openapi({ description: "mean of (its TWB - the median's TWB) per question, with a 95% interval" }),
      }),
    ),
  })
  .openapi('Aggregates');

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
