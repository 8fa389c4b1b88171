/**
 * Bulk writes that send a batch of rows as one JSON parameter, expanded by
 * PostgreSQL's json_to_recordset. Building a multi-row `insert().values()` in
 * drizzle costs tens of microseconds per row in JavaScript (more than
 * PostgreSQL takes to run it); one JSON.stringify per batch costs a few, and
 * JSON.stringify writes each double so that PostgreSQL reads back the same value.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './client';

/** Column name -> PostgreSQL type, in the order the columns are written. */
export type ColumnTypes = Record<string, string>;

const ROWS_PER_STATEMENT = 10_000;

/**
 * Inserts `rows` (objects keyed by column name; Dates as ISO strings) in
 * statements of 10,000 rows, in order. `tail` is appended to each statement
 * (ON CONFLICT …, RETURNING …); returned rows are collected.
 *
 * @example
 * await insertJson(tx, questionScores, { question_id: 'int', final_brier: 'float8' }, rows)
 */
export async function insertJson<R = never>(
  tx: Db,
  table: PgTable,
  columns: ColumnTypes,
  rows: ReadonlyArray<Record<string, unknown>>,
  tail?: SQL,
  onBatch?: (n: number) => void,
): Promise<R[]> {
  const names = Object.keys(columns);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const selected = sql.raw(names.map((n) => `x."${n}"`).join(', '));
  const defs = sql.raw([...names.map((n) => `"${n}" ${columns[n]}`), '"__n" int'].join(', '));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const json = JSON.stringify(chunk.map((r, j) => ({ ...r, __n: j })));
    const statement = sql`insert into ${table} (${list})
      select ${selected} from json_to_recordset(${json}::json) as x(${defs}) order by x."__n"
      ${tail ?? sql``}`;
    if (tail) out.push(...(await queryRows<R>(tx, statement)));
    else await tx.execute(statement);
    onBatch?.(chunk.length);
  }
  return out;
}
