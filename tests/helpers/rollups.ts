/**
 * The pooled rollups (every analyst summed) must hold exactly the per-analyst
 * rollups grouped: the same keys, the same integer counts, no row left empty.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows, type Db } from '../../src/db/client';

export async function expectPooledRollupsMatch(db: Db, label: string): Promise<void> {
  const grouped = sql`select w, u, x, o, sum(n)::int as n from recalibration_rollups group by w, u, x, o`;
  const pooled = sql`select w, u, x, o, n from pooled_recalibration_rollups`;
  const groupedK = sql`select p, sum(n)::int as n, sum(hits)::int as hits from calibration_rollups group by p`;
  const pooledK = sql`select p, n, hits from pooled_calibration_rollups`;
  const count = async (q: ReturnType<typeof sql>) =>
    Number((await queryRows<{ c: number }>(db, sql`select count(*)::int as c from (${q}) t`))[0]!.c);
  // plain arrays: postgres.js results carry extra fields
  const rows = async (q: ReturnType<typeof sql>) => [...(await queryRows<Record<string, unknown>>(db, q))];
  const missing = await rows(sql`(${grouped}) except all (${pooled})`);
  const extra = await rows(sql`(${pooled}) except all (${grouped})`);
  expect({ missing, extra }, `${label}: pooled_recalibration_rollups`).toEqual({ missing: [], extra: [] });
  const missingK = await rows(sql`(${groupedK}) except all (${pooledK})`);
  const extraK = await rows(sql`(${pooledK}) except all (${groupedK})`);
  expect({ missingK, extraK }, `${label}: pooled_calibration_rollups`).toEqual({ missingK: [], extraK: [] });
  expect(await count(sql`select 1 from pooled_recalibration_rollups where n <= 0`), label).toBe(0);
  expect(await count(sql`select 1 from pooled_calibration_rollups where n <= 0`), label).toBe(0);
}
