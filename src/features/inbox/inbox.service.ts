/**
 * The inbox (docs/api.md): what needs the caller now. For everyone: open
 * questions they have not forecast, their stale standing forecasts (older
 * than the workspace's staleDays, or the crowd has moved 0.15 or more on some
 * outcome since), and questions closing within 72 hours; for leads and admins
 * also the questions awaiting resolution and the open suggestions.
 */
import type { Deps } from '../../context';
import { isReviewer, type Actor } from '../../domain/access';
import { CLOSING_SOON_MS, INBOX_KINDS, type InboxKind } from '../../domain/loop';
import { questionStatus } from '../../domain/questions';
import { currentSettings } from '../settings/settings.service';
import * as repo from './inbox.repository';
import type { InboxDto, InboxItemDto } from './inbox.schemas';

const DAY_MS = 86_400_000;

export async function inbox(deps: Deps, actor: Actor): Promise<InboxDto> {
  // This process's forecasts so far have their crowd snapshots before the inbox reads them.
  await deps.crowdSnapshots?.flush();
  const now = deps.clock.now();
  const { staleDays } = await currentSettings(deps.db);
  const rows = await repo.inboxRows(deps.db, {
    userId: actor.id,
    now,
    staleBefore: new Date(now.getTime() - staleDays * DAY_MS),
    soonBefore: new Date(now.getTime() + CLOSING_SOON_MS),
    reviewer: isReviewer(actor),
  });
  // The query returns the items in the inbox's order (kind, at, key, suggestion id).
  const counts = Object.fromEntries(INBOX_KINDS.map((k) => [k, 0])) as Record<InboxKind, number>;
  const items: InboxItemDto[] = rows.map((r) => {
    counts[r.kind]++;
    const q = { opensAt: new Date(r.opens_ms), closesAt: new Date(r.closes_ms) };
    const standing = r.annulled === null ? null : { annulled: r.annulled };
    return {
      kind: r.kind,
      question: {
        key: r.key,
        title: r.title,
        status: questionStatus(q, standing, now),
        closesAt: q.closesAt.toISOString(),
      },
      at: new Date(r.at_ms).toISOString(),
      detail: r.detail,
    };
  });
  return { items, counts };
}
