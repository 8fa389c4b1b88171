/** Question lifecycle rules (SCORING.md, API.md): pure functions of times and the standing resolution. */

export type QuestionStatus = 'upcoming' | 'open' | 'closed' | 'resolved' | 'annulled';
export const QUESTION_STATUSES: readonly QuestionStatus[] = ['upcoming', 'open', 'closed', 'resolved', 'annulled'];

/** A resolution's outcome: an option index, or annulled. Binary: no = 0, yes = 1. */
export type Outcome = { kind: 'option'; index: number } | { kind: 'annulled' };

export function questionStatus(
  q: { opensAt: Date; closesAt: Date },
  standing: { annulled: boolean } | null,
  now: Date,
): QuestionStatus {
  if (standing) return standing.annulled ? 'annulled' : 'resolved';
  if (now < q.opensAt) return 'upcoming';
  if (now >= q.closesAt) return 'closed';
  return 'open';
}

/** A forecast is accepted only while `opensAt <= now < closesAt` and no resolution stands. */
export function acceptsForecasts(
  q: { opensAt: Date; closesAt: Date },
  standing: { annulled: boolean } | null,
  now: Date,
): boolean {
  return questionStatus(q, standing, now) === 'open';
}

/** How many outcomes a question has: 2 for binary, else its option count. */
export function outcomeCount(type: 'binary' | 'categorical' | 'ordinal', options: readonly string[] | null): number {
  return type === 'binary' ? 2 : (options?.length ?? 0);
}

/** Makes a key from a title: lowercase a-z, 0-9 and single dashes, at most 56 characters. */
export function keyFromTitle(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/g, '');
  return base || 'question';
}
