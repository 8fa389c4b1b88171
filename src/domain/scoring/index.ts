export * from './types.js';
export { brier, logLoss, LOG_LOSS_FLOOR } from './brier.js';
export { scoringEnd, scoreQuestion } from './question.js';
export { aggregateSeries, crowdNow, crowdSeries } from './crowd.js';
export {
  AGGREGATE_NAMES,
  EXTREMIZING_FACTOR,
  isAggregateName,
  POOL_LOG_FLOOR,
  StandingPool,
  type AggregateName,
} from './pool.js';
export {
  aggregateAnalyst,
  aggregateCrowd,
  compareLeaderboardRows,
  Z95,
  type AnalystAggregate,
  type AnalystScoreRow,
  type CrowdAggregate,
  type CrowdScoreRow,
  type LeaderboardSortKey,
} from './aggregate.js';
export {
  binIndex,
  binVerdict,
  CALIBRATION_VERDICTS,
  calibrate,
  calibrateGroups,
  calibrationEvents,
  eachCalibrationEvent,
  type EventGroup,
  type Calibration,
  type CalibrationBin,
  type CalibrationEvent,
  type CalibrationVerdict,
} from './calibration.js';
export {
  assertProbabilityVector,
  binaryProbs,
  checkProbability,
  checkProbabilityVector,
  SUM_TOLERANCE,
  type ProbabilityProblem,
} from './validate.js';
export {
  erfc,
  mean,
  median,
  medianOfSorted,
  normalCdf,
  sampleStandardDeviation,
  sum,
  twoSidedNormalP,
  wilsonInterval,
} from './stats.js';
export { compareCodePoints } from '../compare.js';
export * from './rollup.js';
export {
  addToBacktestSums,
  backtest,
  backtestFromSums,
  ci95FromSums,
  emptyBacktestSums,
  type AggregateBacktest,
  type AggregateScoreRow,
  type AggregateSums,
  type Backtest,
  type VersusMedian,
} from './backtest.js';
export {
  groupRecalibrationTerms,
  recalibrate,
  RECALIBRATION_MAX_K,
  RECALIBRATION_TIE,
  recalibrationTerms,
  eachRecalibrationTerm,
  RecalibrationTermSet,
  shrunkMeanBrier,
  type Recalibration,
  type RecalibrationInput,
  type RecalibrationTerm,
} from './recalibration.js';
