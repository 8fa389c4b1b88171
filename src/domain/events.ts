/**
 * What happens to a question that people outside Reckon may want to hear
 * about (webhooks, email): one event per change, written in the same
 * transaction as the change itself (the outbox), delivered later.
 */
export const EVENT_TYPES = [
  'question.created',
  'question.closed',
  'question.resolved',
  'question.clarified',
  'suggestion.created',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
