/**
 * Bulk writes that send a batch of rows as one JSON parameter, expanded by
 * PostgreSQL's json_to_recordset. Building a multi-row `insert().values()` in
 * drizzle costs tens of microseconds per row in JavaScript (more than
 * PostgreSQL takes to run it); one JSON.stringify per batch costs a few, and
 * JSON.stringify writes each double so that PostgreSQL reads back the same value.
 *
 * Column names and types come from the drizzle table, so rows are the table's
 * own insert objects (camelCase keys, Dates as Dates) and nothing restates the schema.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './client';

const ROWS_PER_STATEMENT = 10_000;

/**
 * Inserts `rows` in statements of 10,000 rows, in the given order (identity
 * ids ascend in that order). Every row has the keys of the first row (the
 * columns written). `tail` is appended to each statement (ON CONFLICT …,
 * RETURNING …); rows it returns are collected. With `select`, each statement
 * becomes `with ins as (insert … tail) select`, so a RETURNING can be
 * filtered on the server (`select … from ins where …`) instead of sending
 * every row back.
 *
 * @example
 * await insertJson(tx, questionScores, rows)
 * await insertJson(tx, analystRollups, deltas, { tail: sql`on conflict (tag, user_id) do update set ...` })
 */
export async function insertJson<T extends PgTable, R = never>(
  tx: Db,
  table: T,
  rows: ReadonlyArray<Partial<T['$inferInsert']>>,
  opts: { tail?: SQL; select?: SQL; onBatch?: (n: number) => void } = {},
): Promise<R[]> {
  const first = rows[0];
  if (first === undefined) return [];
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((k) => k in columns);
  const column = (k: string) => columns[k as keyof typeof columns]!;
  const target = sql.raw(keys.map((k) => `"${column(k).name}"`).join(', '));
  const defs = sql.raw(keys.map((k) => `"${k}" ${column(k).getSQLType()}`).join(', '));
  const names = sql.raw([...keys, '__n'].map((k) => `"${k}"`).join(', '));
  const selected = sql.raw(keys.map((k) => `x."${k}"`).join(', '));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const insert = sql`insert into ${table} (${target})
      select ${selected} from rows from (json_to_recordset(${JSON.stringify(chunk)}::json) as (${defs})) with ordinality as x(${names})
      order by x."__n" ${opts.tail ?? sql``}`;
    const statement = opts.select ? sql`with ins as (${insert}) ${opts.select}` : insert;
    if (opts.tail || opts.select) out.push(...(await queryRows<R>(tx, statement)));
    else await tx.execute(statement);
    opts.onBatch?.(chunk.length);
  }
  return out;
}
