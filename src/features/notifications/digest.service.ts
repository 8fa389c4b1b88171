/**
 * What a person's digest lists: their inbox (docs/api.md, `GET /api/inbox`),
 * in the inbox's order, at most 20 items of each kind. For everyone: open
 * questions they have not forecast, their stale forecasts and questions
 * closing within 72 hours; for leads and admins also the questions awaiting
 * resolution and the open suggestions.
 */
import type { Deps } from '../../context';
import type { InboxKind } from '../../domain/loop';
import { inbox } from '../inbox/inbox.service';
import * as repo from './digest.repository';

export type DigestKind = InboxKind;

export interface DigestItem {
  kind: DigestKind;
  question: { key: string; title: string; closesAt: Date };
  /** As in the inbox: closesAt, the suggestion's or the forecast's time, or opensAt. */
  at: Date;
}

const PER_KIND = 20;

/** The person's digest: their inbox, capped per kind. */
export async function digestFor(deps: Deps, userId: number): Promise<DigestItem[]> {
  const user = await repo.userForDigest(deps.db, userId);
  if (!user || !user.active) return [];
  const { items } = await inbox(deps, user);
  const taken = new Map<DigestKind, number>();
  const out: DigestItem[] = [];
  for (const i of items) {
    const n = taken.get(i.kind) ?? 0;
    if (n >= PER_KIND) continue;
    taken.set(i.kind, n + 1);
    out.push({
      kind: i.kind,
      question: { key: i.question.key, title: i.question.title, closesAt: new Date(i.question.closesAt) },
      at: new Date(i.at),
    });
  }
  return out;
}
