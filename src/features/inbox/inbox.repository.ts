import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { CROWD_MOVE, CROWD_MOVE_EPSILON, INBOX_KINDS, type InboxKind } from '../../domain/loop';

export interface InboxRow {
  kind: InboxKind;
  key: string;
  title: string;
  /** Epoch milliseconds (numbers on both drivers, no date parsing per row). */
  opens_ms: number;
  closes_ms: number;
  at_ms: number;
  detail: number | null;
  /** The standing resolution's annulled flag (suggestion items only; null when unresolved). */
  annulled: boolean | null;
}

export interface InboxQuery {
  userId: number;
  now: Date;
  /** Forecasts made before this are stale. */
  staleBefore: Date;
  /** Open questions closing at or before this are closing soon. */
  soonBefore: Date;
  reviewer: boolean;
}

/**
 * Every inbox item of one user in one statement, set-based: the open
 * questions once (a CTE), the user's standing forecast on each (DISTINCT ON
 * over forecasts_user_idx), the crowd-moved test on stored snapshots.
 */
export async function inboxRows(db: Db, f: InboxQuery): Promise<InboxRow[]> {
  const now = sql`${f.now.toISOString()}::timestamptz`;
  const moved = CROWD_MOVE - CROWD_MOVE_EPSILON;
  const reviewerItems = f.reviewer
    ? sql`
      union all
      select 'awaitingResolution', q.key, q.title, q.opens_at, q.closes_at, q.closes_at, null::int, null::boolean
        from questions q
       where q.closes_at <= ${now}
         and not exists (select 1 from resolutions r where r.question_id = q.id)
      union all
      select 'suggestion', q.key, q.title, q.opens_at, q.closes_at, s.at, s.id,
             (select r.annulled from resolutions r where r.question_id = q.id order by r.id desc limit 1)
        from suggestions s join questions q on q.id = s.question_id
       where s.status = 'open'`
    : sql``;
  const rows = await queryRows<InboxRow>(
    db,
    sql`
    with open_q as materialized (
      select q.id, q.key, q.title, q.opens_at, q.closes_at
        from questions q
       where q.opens_at <= ${now} and q.closes_at > ${now}
         and not exists (select 1 from resolutions r where r.question_id = q.id)
    ),
    mine as materialized (
      select distinct on (f.question_id) f.question_id, f.id, f.created_at
        from forecasts f
       where f.user_id = ${f.userId} and f.question_id in (select id from open_q)
       order by f.question_id, f.created_at desc, f.id desc
    )
    select kind, key, title, detail, annulled,
           (extract(epoch from opens_at) * 1000)::float8 as opens_ms,
           (extract(epoch from closes_at) * 1000)::float8 as closes_ms,
           (extract(epoch from at) * 1000)::float8 as at_ms
      from (
    select 'unforecast' as kind, o.key, o.title, o.opens_at, o.closes_at, o.opens_at as at,
           null::int as detail, null::boolean as annulled
      from open_q o
     where not exists (select 1 from mine m where m.question_id = o.id)
    union all
    select 'stale', o.key, o.title, o.opens_at, o.closes_at, m.created_at, null::int, null::boolean
      from mine m
      join open_q o on o.id = m.question_id
      left join forecast_crowd fc on fc.forecast_id = m.id
      left join question_crowd qc on qc.question_id = m.question_id
     where m.created_at < ${f.staleBefore.toISOString()}::timestamptz
        or exists (select 1 from unnest(fc.probs, qc.probs) as d(a, b) where abs(a - b) >= ${moved})
    union all
    select 'closingSoon', o.key, o.title, o.opens_at, o.closes_at, o.closes_at, null::int, null::boolean
      from open_q o
     where o.closes_at <= ${f.soonBefore.toISOString()}::timestamptz
    ${reviewerItems}
      ) items
     order by array_position(${sql.raw(`array[${INBOX_KINDS.map((k) => `'${k}'`).join(', ')}]`)}, kind), at, key collate "C", detail`,
  );
  return rows.map((r) => ({ ...r, detail: r.detail === null ? null : Number(r.detail) }));
}
