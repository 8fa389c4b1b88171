/**
 * What a person's digest lists. One function, `digestFor`, so the inbox
 * service (issue 10, part A) can take its place later without touching the
 * mailer: today it lists open questions the person has not forecast,
 * questions closing within 72 hours, and, for leads and admins, the
 * questions awaiting resolution.
 */
import type { Deps } from '../../context';
import { isReviewer } from '../../domain/access';
import * as repo from './digest.repository';

export type DigestKind = 'awaitingResolution' | 'closingSoon' | 'unforecast';

export interface DigestItem {
  kind: DigestKind;
  question: { key: string; title: string; closesAt: Date };
  /** closesAt for awaitingResolution and closingSoon, opensAt for unforecast (as the inbox orders them). */
  at: Date;
}

const PER_KIND = 20;
const CLOSING_SOON_MS = 72 * 3_600_000;

/** The caller's digest, in the inbox's order: awaiting resolution, closing soon, not forecast. */
export async function digestFor(deps: Deps, userId: number): Promise<DigestItem[]> {
  const user = await repo.userForDigest(deps.db, userId);
  if (!user || !user.active) return [];
  const now = deps.clock.now();
  const [awaiting, closing, unforecast] = await Promise.all([
    isReviewer(user) ? repo.awaitingResolution(deps.db, now, PER_KIND) : Promise.resolve([]),
    repo.closingBefore(deps.db, now, new Date(now.getTime() + CLOSING_SOON_MS), PER_KIND),
    repo.openNotForecast(deps.db, userId, now, PER_KIND),
  ]);
  const item = (kind: DigestKind, atOf: 'opensAt' | 'closesAt') => (q: (typeof awaiting)[number]) => ({
    kind,
    question: { key: q.key, title: q.title, closesAt: q.closesAt },
    at: q[atOf],
  });
  return [
    ...awaiting.map(item('awaitingResolution', 'closesAt')),
    ...closing.map(item('closingSoon', 'closesAt')),
    ...unforecast.map(item('unforecast', 'opensAt')),
  ];
}
