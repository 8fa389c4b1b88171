/**
 * The database schema. Migrations in migrations/ are generated from this file
 * by `npm run db:generate` and are the source of truth at run time.
 *
 * Forecasts and resolutions are append-only. Scores are derived rows, rewritten
 * in the same transaction as whatever changes them (resolution, import), and
 * the rollup tables hold running sums per analyst (and per tag) so the
 * leaderboard and calibration never rescan every score row.
 *
 * Derived tables (scores, rollups, crowd snapshots) carry no foreign keys: they
 * are written only from the ledger's own rows, by rescoring (which deletes and
 * rewrites them) and the crowd writer, and no user, question or forecast is
 * ever deleted. The keys' per-row checks were about 40% of the time to write
 * the score rows of a large import (docs/performance.md); the tests hold the
 * derived rows equal to what the ledger gives.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ROLES } from '../domain/access';
import { AGGREGATE_NAMES } from '../domain/scoring/pool';
import { EVENT_TYPES } from '../domain/events';
import { DELIVERY_KINDS, DELIVERY_STATUSES, DIGESTS, WEBHOOK_FORMATS } from '../domain/notifications';
import { QUESTION_TYPES } from '../domain/questions';
import { SUGGESTION_STATUSES } from '../domain/loop';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/** `column in ('a', 'b', ...)` for a check constraint over one of the domain's value lists. */
const oneOf = (column: AnyPgColumn, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    handle: text('handle').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_handle_key').on(t.handle), check('users_role_check', oneOf(t.role, ROLES))],
);

export const teams = pgTable(
  'teams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('teams_key_key').on(t.key)],
);

export const memberships = pgTable(
  'memberships',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/** Sessions are stored by the SHA-256 of their cookie value, never the value itself. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins, counted over a sliding window per (handle, client address) and per client
 * address, never per handle alone (that would let anyone lock anyone out).
 */
export const signinFailures = pgTable(
  'signin_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    handle: text('handle').notNull(),
    address: text('address').notNull().default(''),
    at: ts('at').notNull(),
  },
  (t) => [
    index('signin_failures_address_handle_at_idx').on(t.address, t.handle, t.at),
    index('signin_failures_address_at_idx').on(t.address, t.at),
  ],
);

export const questions = pgTable(
  'questions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    type: text('type', { enum: QUESTION_TYPES }).notNull(),
    /** Option labels; null for binary questions. */
    options: jsonb('options').$type<string[] | null>(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    opensAt: ts('opens_at').notNull(),
    closesAt: ts('closes_at').notNull(),
    hideForecasts: boolean('hide_forecasts').notNull().default(false),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('questions_key_key').on(t.key),
    index('questions_tags_idx').using('gin', t.tags),
    index('questions_closes_at_idx').on(t.closesAt),
    check('questions_type_check', oneOf(t.type, QUESTION_TYPES)),
    check('questions_window_check', sql`${t.opensAt} < ${t.closesAt}`),
  ],
);

/** Append-only: a new forecast supersedes the analyst's previous one. */
export const forecasts = pgTable(
  'forecasts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    /** The full vector as given; binary questions store (1 - p, p). */
    probs: doublePrecision('probs').array().notNull(),
    rationale: text('rationale'),
  },
  (t) => [
    index('forecasts_question_idx').on(t.questionId, t.createdAt, t.id),
    index('forecasts_user_idx').on(t.userId, t.createdAt),
    // Each analyst's standing forecast on a question before an instant, found
    // analyst by analyst (the crowd writer's read, inbox/crowd.repository.ts)
    // instead of by reading the question's whole history.
    index('forecasts_question_user_idx').on(t.questionId, t.userId, t.createdAt, t.id),
  ],
);

/** Append-only history; the latest (highest id) stands. outcome is null when annulled. */
export const resolutions = pgTable(
  'resolutions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    outcome: integer('outcome'),
    annulled: boolean('annulled').notNull().default(false),
    occurredAt: ts('occurred_at'),
    resolvedAt: ts('resolved_at').notNull(),
    resolvedBy: integer('resolved_by')
      .notNull()
      .references(() => users.id),
    sourceUrl: text('source_url'),
    note: text('note'),
  },
  (t) => [
    index('resolutions_question_idx').on(t.questionId, t.id),
    check(
      'resolutions_outcome_check',
      sql`(${t.annulled} and ${t.outcome} is null) or (not ${t.annulled} and ${t.outcome} is not null)`,
    ),
  ],
);

/** One row per (question, participant) of a resolved, not annulled question. */
export const questionScores = pgTable(
  'question_scores',
  {
    questionId: integer('question_id').notNull(),
    userId: integer('user_id').notNull(),
    end: ts('end_at').notNull(),
    outcome: integer('outcome').notNull(),
    finalBrier: doublePrecision('final_brier').notNull(),
    timeWeightedBrier: doublePrecision('time_weighted_brier').notNull(),
    relativeBrier: doublePrecision('relative_brier'),
    finalLogLoss: doublePrecision('final_log_loss').notNull(),
    finalProbs: doublePrecision('final_probs').array().notNull(),
    scoredForecasts: integer('scored_forecasts').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.userId] }),
    index('question_scores_user_idx').on(t.userId, t.end),
    index('question_scores_end_idx').on(t.end),
  ],
);

/** The crowd pseudo-analyst's scores on a resolved question with scored forecasts. */
export const crowdScores = pgTable('crowd_scores', {
  questionId: integer('question_id').primaryKey(),
  end: ts('end_at').notNull(),
  timeWeightedBrier: doublePrecision('time_weighted_brier').notNull(),
  finalBrier: doublePrecision('final_brier').notNull(),
  finalLogLoss: doublePrecision('final_log_loss').notNull(),
});

/**
 * The team aggregates' scores on a resolved question with scored forecasts
 * (docs/scoring.md "Other team aggregates"): one row per aggregate, `median`
 * (the crowd, the same figures as crowd_scores) included, so the backtest
 * reads stored rows and never the forecasts.
 */
export const aggregateScores = pgTable(
  'aggregate_scores',
  {
    questionId: integer('question_id').notNull(),
    name: text('name', { enum: AGGREGATE_NAMES }).notNull(),
    end: ts('end_at').notNull(),
    timeWeightedBrier: doublePrecision('time_weighted_brier').notNull(),
    finalBrier: doublePrecision('final_brier').notNull(),
    finalLogLoss: doublePrecision('final_log_loss').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.name] }),
    index('aggregate_scores_end_idx').on(t.end),
    check('aggregate_scores_name_check', oneOf(t.name, AGGREGATE_NAMES)),
  ],
);

/**
 * The aggregates' running sums per tag ('' = every question), for the
 * backtest: vs_median sums are of (its TWB - the median's TWB) per question.
 */
export const aggregateRollups = pgTable(
  'aggregate_rollups',
  {
    tag: text('tag').notNull(),
    name: text('name', { enum: AGGREGATE_NAMES }).notNull(),
    questions: integer('questions').notNull(),
    sumBrier: doublePrecision('sum_brier').notNull(),
    sumTimeWeightedBrier: doublePrecision('sum_time_weighted_brier').notNull(),
    sumSqTimeWeightedBrier: doublePrecision('sum_sq_time_weighted_brier').notNull(),
    sumLogLoss: doublePrecision('sum_log_loss').notNull(),
    sumVsMedian: doublePrecision('sum_vs_median').notNull(),
    sumSqVsMedian: doublePrecision('sum_sq_vs_median').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tag, t.name] })],
);

/**
 * The terms of the recalibration (docs/scoring.md "Coaching"), grouped: per
 * analyst, how many final forecasts (over every resolved question) gave the
 * term w (clip(u + k x) - o)^2. Analysts enter few distinct probabilities, so
 * a workspace folds into a few thousand rows; filtered recalibration (tag,
 * window) reads score rows.
 */
export const recalibrationRollups = pgTable(
  'recalibration_rollups',
  {
    userId: integer('user_id').notNull(),
    w: doublePrecision('w').notNull(),
    u: doublePrecision('u').notNull(),
    x: doublePrecision('x').notNull(),
    o: doublePrecision('o').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.w, t.u, t.x, t.o] })],
);

/**
 * recalibration_rollups summed over every analyst, for pooled calibration
 * (no analyst, team, tag or window): moved by the same differences in the
 * same transaction, so the pooled read is a few thousand rows, not a
 * GROUP BY over every analyst's rows on each request.
 */
export const pooledRecalibrationRollups = pgTable(
  'pooled_recalibration_rollups',
  {
    w: doublePrecision('w').notNull(),
    u: doublePrecision('u').notNull(),
    x: doublePrecision('x').notNull(),
    o: doublePrecision('o').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.w, t.u, t.x, t.o] })],
);

/**
 * Running sums of question_scores per analyst and tag ('' = every question),
 * kept up to date in the transaction that rewrites a question's scores.
 */
export const analystRollups = pgTable(
  'analyst_rollups',
  {
    userId: integer('user_id').notNull(),
    tag: text('tag').notNull(),
    questions: integer('questions').notNull(),
    sumBrier: doublePrecision('sum_brier').notNull(),
    sumTimeWeightedBrier: doublePrecision('sum_time_weighted_brier').notNull(),
    sumSqTimeWeightedBrier: doublePrecision('sum_sq_time_weighted_brier').notNull(),
    sumLogLoss: doublePrecision('sum_log_loss').notNull(),
    relativeQuestions: integer('relative_questions').notNull(),
    sumRelativeBrier: doublePrecision('sum_relative_brier').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tag, t.userId] })],
);

/** The crowd's running sums per tag ('' = every question). */
export const crowdRollups = pgTable('crowd_rollups', {
  tag: text('tag').primaryKey(),
  questions: integer('questions').notNull(),
  sumBrier: doublePrecision('sum_brier').notNull(),
  sumTimeWeightedBrier: doublePrecision('sum_time_weighted_brier').notNull(),
  sumLogLoss: doublePrecision('sum_log_loss').notNull(),
});

/**
 * Calibration events grouped by exact probability: per analyst and p, how
 * many events (over every resolved question) and how many of them happened.
 * Any bin count can be computed from these groups, and analysts enter few
 * distinct probabilities. Filtered calibration (tag, window) reads score rows.
 */
export const calibrationRollups = pgTable(
  'calibration_rollups',
  {
    userId: integer('user_id').notNull(),
    p: doublePrecision('p').notNull(),
    n: integer('n').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.p] })],
);

/** calibration_rollups summed over every analyst, for pooled calibration; kept like recalibration's. */
export const pooledCalibrationRollups = pgTable('pooled_calibration_rollups', {
  p: doublePrecision('p').primaryKey(),
  n: integer('n').notNull(),
  hits: integer('hits').notNull(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: ts('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at, t.id), index('audit_log_action_idx').on(t.action, t.id)],
);

/**
 * The outbox: one row per event (docs/api.md, notifications), written in the
 * transaction that made the change, so no event is lost to a crash and none
 * is announced for a change that rolled back. Delivery reads it afterwards.
 */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type', { enum: EVENT_TYPES }).notNull(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    actorId: integer('actor_id').references(() => users.id),
    at: ts('at').notNull(),
    /** What the event says beyond its question: the outcome of a resolution, a clarification's text, a suggestion's id. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Set once the event has been fanned out into deliveries (webhooks, email). */
    dispatched: boolean('dispatched').notNull().default(false),
  },
  (t) => [
    index('events_question_idx').on(t.questionId, t.id),
    check('events_type_check', oneOf(t.type, EVENT_TYPES)),
    index('events_undispatched_idx')
      .on(t.id)
      .where(sql`not ${t.dispatched}`),
    // question.closed is recorded once per question, whichever process sweeps first.
    uniqueIndex('events_closed_once_key')
      .on(t.questionId)
      .where(sql`${t.type} = 'question.closed'`),
  ],
);

/** Receivers of events (docs/api.md, webhooks). Deleting one keeps its row (deliveries point at it). */
export const webhooks = pgTable(
  'webhooks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    url: text('url').notNull(),
    format: text('format', { enum: WEBHOOK_FORMATS }).notNull(),
    events: text('events').array().notNull(),
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [check('webhooks_format_check', oneOf(t.format, WEBHOOK_FORMATS))],
);

/**
 * One row per message to send: an event to a webhook or to a person's email,
 * or a person's digest. Its id is made once, so a re-send after a crash
 * carries the same id. A worker claims a row by setting `claimedUntil` in a
 * short transaction (FOR UPDATE SKIP LOCKED) and sends outside it.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: DELIVERY_KINDS }).notNull(),
    eventId: bigint('event_id', { mode: 'number' }).references(() => events.id),
    webhookId: integer('webhook_id').references(() => webhooks.id),
    userId: integer('user_id').references(() => users.id),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    claimedUntil: ts('claimed_until'),
    claimToken: text('claim_token'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('deliveries_event_webhook_key').on(t.eventId, t.webhookId),
    uniqueIndex('deliveries_event_user_key').on(t.eventId, t.userId),
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('deliveries_webhook_idx').on(t.webhookId, t.createdAt),
    check('deliveries_kind_check', oneOf(t.kind, DELIVERY_KINDS)),
    check('deliveries_status_check', oneOf(t.status, DELIVERY_STATUSES)),
  ],
);

/** A person's email settings (docs/api.md, /api/me/notifications); no row means nothing by email. */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id),
    email: text('email'),
    digest: text('digest', { enum: DIGESTS }).notNull().default('off'),
    events: text('events')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** When the last digest was queued; the next is due a day or a week later. */
    lastDigestAt: ts('last_digest_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('notification_settings_digest_check', oneOf(t.digest, DIGESTS))],
);

/** The workspace's settings: one row (id 1), absent until an admin first changes them (defaults apply). */
export const workspaceSettings = pgTable(
  'workspace_settings',
  {
    id: integer('id').primaryKey(),
    staleDays: integer('stale_days').notNull().default(14),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [check('workspace_settings_one_row', sql`${t.id} = 1`)],
);

/** Append-only notes on a question's criteria, by its author, leads and admins. */
export const clarifications = pgTable(
  'clarifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    text: text('text').notNull(),
    at: ts('at').notNull(),
    by: integer('by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('clarifications_question_idx').on(t.questionId, t.at, t.id)],
);

/** A forecaster's proposed resolution (or dispute of the standing one); leads accept or dismiss it. */
export const suggestions = pgTable(
  'suggestions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    /** As in resolutions: null when the suggestion is to annul. */
    outcome: integer('outcome'),
    annulled: boolean('annulled').notNull().default(false),
    occurredAt: ts('occurred_at'),
    sourceUrl: text('source_url'),
    note: text('note'),
    by: integer('by')
      .notNull()
      .references(() => users.id),
    at: ts('at').notNull(),
    status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('open'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('suggestions_question_idx').on(t.questionId, t.id),
    index('suggestions_open_idx')
      .on(t.at, t.id)
      .where(sql`${t.status} = 'open'`),
    check('suggestions_status_check', oneOf(t.status, SUGGESTION_STATUSES)),
    check(
      'suggestions_outcome_check',
      sql`(${t.annulled} and ${t.outcome} is null) or (not ${t.annulled} and ${t.outcome} is not null)`,
    ),
  ],
);

/**
 * The crowd standing just after each forecast, and the crowd standing now per
 * question: the inbox's "the crowd has moved since your forecast" test
 * compares the two without recomputing any median. Written with the forecast.
 */
export const forecastCrowd = pgTable('forecast_crowd', {
  forecastId: bigint('forecast_id', { mode: 'number' }).primaryKey(),
  probs: doublePrecision('probs').array().notNull(),
});

export const questionCrowd = pgTable('question_crowd', {
  questionId: integer('question_id').primaryKey(),
  probs: doublePrecision('probs').array().notNull(),
  at: ts('at').notNull(),
});
