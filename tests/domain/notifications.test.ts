import { describe, expect, it } from 'vitest';
import {
  answerVerdict,
  jsonPayload,
  nextAttemptAt,
  plainLine,
  RETRY_WINDOW_MS,
  retryWait,
  slackPayload,
} from '../../src/domain/notifications';

const T = new Date('2024-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T.getTime() + ms);

describe('retries', () => {
  it.each([
    [1, 10_000],
    [2, 30_000],
    [3, 60_000],
    [4, 300_000],
    [7, 3_600_000],
    [8, 7_200_000],
    [50, 7_200_000],
  ])('after %i failed attempts the wait is %i ms', (attempts, wait) => {
    expect(retryWait(attempts)).toBe(wait);
  });

  it('waits never shrink, and the first retry comes within 30 s', () => {
    expect(retryWait(1)).toBeLessThanOrEqual(30_000);
    for (let a = 2; a < 30; a++) expect(retryWait(a)).toBeGreaterThanOrEqual(retryWait(a - 1));
  });

  it('the next attempt never falls after the 24-hour window, and at its end it gives up', () => {
    expect(nextAttemptAt(T, at(1000), 1)).toEqual(at(11_000));
    expect(nextAttemptAt(T, at(RETRY_WINDOW_MS - 60_000), 9)).toEqual(at(RETRY_WINDOW_MS));
    expect(nextAttemptAt(T, at(RETRY_WINDOW_MS), 10)).toBeNull();
    expect(nextAttemptAt(T, at(RETRY_WINDOW_MS + 1), 10)).toBeNull();
  });

  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [301, 'retry'],
    [400, 'retry'],
    [404, 'retry'],
    [410, 'gone'],
    [500, 'retry'],
    [503, 'retry'],
  ] as const)('an answer %i means %s', (status, verdict) => {
    expect(answerVerdict(status)).toBe(verdict);
  });
});

describe('payloads', () => {
  const facts = {
    deliveryId: 'd-1',
    event: 'question.resolved' as const,
    at: T,
    question: { key: 'k', title: 'A <b> & c\nd', url: 'https://x.example/#/q/k' },
    data: { outcome: 'yes' },
  };
  it('JSON: the event, its time, the question and the data; the id cannot be overwritten by data', () => {
    expect(jsonPayload({ ...facts, data: { outcome: 'yes', id: 'evil', event: 'x' } })).toEqual({
      id: 'd-1',
      event: 'question.resolved',
      at: '2024-01-01T00:00:00.000Z',
      question: facts.question,
      outcome: 'yes',
    });
  });
  it('Slack: one escaped line with the title linked', () => {
    const { text } = slackPayload(facts);
    expect(text).toBe(
      'Question resolved: <https://x.example/#/q/k|A &lt;b&gt; &amp; c d> [k] (outcome: yes) at 2024-01-01T00:00:00.000Z',
    );
    expect(slackPayload({ ...facts, question: { ...facts.question, url: null } }).text).toContain(
      'Question resolved: A &lt;b&gt; &amp; c d [k]',
    );
  });
  it('an event type added later reads as itself', () => {
    expect(plainLine({ ...facts, event: 'question.clarified', data: {} })).toMatch(/^Question clarified: /);
    expect(plainLine({ ...facts, event: 'brand.new' as never, data: {} })).toMatch(/^brand\.new: /);
  });
});
