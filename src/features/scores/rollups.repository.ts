/**
 * Moving the stored rollups by a rescore's deltas: each table's deltas are
 * upserted (insert, or add to the existing sums), then the rows left empty
 * are deleted by key.
 */
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { insertJson } from '../../db/bulk';
import {
  aggregateRollups,
  analystRollups,
  calibrationRollups,
  crowdRollups,
  pooledCalibrationRollups,
  pooledRecalibrationRollups,
  recalibrationRollups,
} from '../../db/schema';
import type {
  AggregateRollupRow,
  AnalystRollupRow,
  CalibrationRollupRow,
  CrowdRollupRow,
  PooledCalibrationRollupRow,
  PooledRecalibrationRollupRow,
  RecalibrationRollupRow,
} from './rescoring.repository';

/**
 * Upserts `rows`, returning the keys of the rows it leaves empty (`count <= 0`),
 * filtered on the server: a rescore of every question upserts some 360,000
 * rollup rows and none is left empty.
 */
function upsert<T extends PgTable, E>(
  tx: Db,
  table: T,
  rows: ReadonlyArray<Partial<T['$inferInsert']>>,
  onConflict: SQL,
  returning: SQL,
  count: SQL,
): Promise<E[]> {
  return insertJson<T, E>(tx, table, rows, {
    tail: sql`${onConflict} returning ${returning}`,
    select: sql`select * from ins where ${count} <= 0`,
  });
}

/**
 * Deletes, for each row an upsert left empty, the rollup row with its key
 * (`keys`: the table's key columns, read from the returned row by their
 * database names) if its `count` is still <= 0.
 */
function deleteEmpty<T extends PgTable>(
  tx: Db,
  table: T,
  keys: ReadonlyArray<keyof T['_']['columns'] & string>,
  count: PgColumn,
  rows: ReadonlyArray<Record<string, unknown>>,
): Array<Promise<unknown>> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  return rows.map((row) =>
    tx.delete(table).where(
      and(
        ...keys.map((k) => {
          const c = columns[k]!;
          const v = row[c.name];
          return eq(c, c.dataType === 'number' ? Number(v) : v);
        }),
        sql`${count} <= 0`,
      ),
    ),
  );
}

/**
 * Adds deltas to the rollups, then drops the rows left empty. Rows are sorted
 * by key and the tables taken in a fixed order, so concurrent resolutions lock
 * rollup rows in the same order and cannot deadlock. The statements are sent
 * together: the transaction runs them in order, without a round trip between.
 */
export async function applyRollupDeltas(
  tx: Db,
  d: {
    analysts: AnalystRollupRow[];
    crowd: CrowdRollupRow[];
    calibration: CalibrationRollupRow[];
    aggregates: AggregateRollupRow[];
    recalibration: RecalibrationRollupRow[];
    pooledCalibration: PooledCalibrationRollupRow[];
    pooledRecalibration: PooledRecalibrationRollupRow[];
  },
): Promise<void> {
  const a = [...d.analysts].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : x.userId - y.userId));
  const c = [...d.crowd].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0));
  const k = [...d.calibration].sort((x, y) => x.userId - y.userId || x.p - y.p);
  const pk = [...d.pooledCalibration].sort((x, y) => x.p - y.p);
  const g = [...d.aggregates].sort((x, y) =>
    x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
  );
  const r = [...d.recalibration].sort(
    (x, y) => x.userId - y.userId || x.w - y.w || x.u - y.u || x.x - y.x || x.o - y.o,
  );
  const pr = [...d.pooledRecalibration].sort((x, y) => x.w - y.w || x.u - y.u || x.x - y.x || x.o - y.o);
  const [emptyA, emptyC, emptyK, emptyPK, emptyG, emptyR, emptyPR] = await Promise.all([
    upsert<typeof analystRollups, { tag: string; user_id: number }>(
      tx,
      analystRollups,
      a,
      sql`on conflict (tag, user_id) do update set
      questions = ${analystRollups}.questions + excluded.questions,
      sum_brier = ${analystRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${analystRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_sq_time_weighted_brier = ${analystRollups}.sum_sq_time_weighted_brier + excluded.sum_sq_time_weighted_brier,
      sum_log_loss = ${analystRollups}.sum_log_loss + excluded.sum_log_loss,
      relative_questions = ${analystRollups}.relative_questions + excluded.relative_questions,
      sum_relative_brier = ${analystRollups}.sum_relative_brier + excluded.sum_relative_brier`,
      sql`tag, user_id, questions`,
      sql`questions`,
    ),
    upsert<typeof crowdRollups, { tag: string }>(
      tx,
      crowdRollups,
      c,
      sql`on conflict (tag) do update set
      questions = ${crowdRollups}.questions + excluded.questions,
      sum_brier = ${crowdRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${crowdRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_log_loss = ${crowdRollups}.sum_log_loss + excluded.sum_log_loss`,
      sql`tag, questions`,
      sql`questions`,
    ),
    upsert<typeof calibrationRollups, { user_id: number; p: number }>(
      tx,
      calibrationRollups,
      k,
      sql`on conflict (user_id, p) do update set
      n = ${calibrationRollups}.n + excluded.n,
      hits = ${calibrationRollups}.hits + excluded.hits`,
      sql`user_id, p, n`,
      sql`n`,
    ),
    upsert<typeof pooledCalibrationRollups, { p: number }>(
      tx,
      pooledCalibrationRollups,
      pk,
      sql`on conflict (p) do update set
      n = ${pooledCalibrationRollups}.n + excluded.n,
      hits = ${pooledCalibrationRollups}.hits + excluded.hits`,
      sql`p, n`,
      sql`n`,
    ),
    upsert<typeof aggregateRollups, { tag: string; name: string }>(
      tx,
      aggregateRollups,
      g,
      sql`on conflict (tag, name) do update set
      questions = ${aggregateRollups}.questions + excluded.questions,
      sum_brier = ${aggregateRollups}.sum_brier + excluded.sum_brier,
      sum_time_weighted_brier = ${aggregateRollups}.sum_time_weighted_brier + excluded.sum_time_weighted_brier,
      sum_sq_time_weighted_brier = ${aggregateRollups}.sum_sq_time_weighted_brier + excluded.sum_sq_time_weighted_brier,
      sum_log_loss = ${aggregateRollups}.sum_log_loss + excluded.sum_log_loss,
      sum_vs_median = ${aggregateRollups}.sum_vs_median + excluded.sum_vs_median,
      sum_sq_vs_median = ${aggregateRollups}.sum_sq_vs_median + excluded.sum_sq_vs_median`,
      sql`tag, name, questions`,
      sql`questions`,
    ),
    upsert<typeof recalibrationRollups, { user_id: number; w: number; u: number; x: number; o: number }>(
      tx,
      recalibrationRollups,
      r,
      sql`on conflict (user_id, w, u, x, o) do update set n = ${recalibrationRollups}.n + excluded.n`,
      sql`user_id, w, u, x, o, n`,
      sql`n`,
    ),
    upsert<typeof pooledRecalibrationRollups, { w: number; u: number; x: number; o: number }>(
      tx,
      pooledRecalibrationRollups,
      pr,
      sql`on conflict (w, u, x, o) do update set n = ${pooledRecalibrationRollups}.n + excluded.n`,
      sql`w, u, x, o, n`,
      sql`n`,
    ),
  ]);
  const deletes: Array<Promise<unknown>> = [
    ...deleteEmpty(tx, analystRollups, ['tag', 'userId'], analystRollups.questions, emptyA),
    ...deleteEmpty(tx, aggregateRollups, ['tag', 'name'], aggregateRollups.questions, emptyG),
    ...deleteEmpty(tx, recalibrationRollups, ['userId', 'w', 'u', 'x', 'o'], recalibrationRollups.n, emptyR),
    ...deleteEmpty(tx, pooledRecalibrationRollups, ['w', 'u', 'x', 'o'], pooledRecalibrationRollups.n, emptyPR),
    ...deleteEmpty(tx, calibrationRollups, ['userId', 'p'], calibrationRollups.n, emptyK),
    ...deleteEmpty(tx, pooledCalibrationRollups, ['p'], pooledCalibrationRollups.n, emptyPK),
  ];
  if (emptyC.length) {
    const tags = emptyC.map((e) => e.tag);
    deletes.push(
      tx.delete(crowdRollups).where(and(inArray(crowdRollups.tag, tags), sql`${crowdRollups.questions} <= 0`)),
    );
  }
  await Promise.all(deletes);
}
