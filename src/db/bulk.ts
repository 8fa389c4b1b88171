/**
 * Bulk writes. insertJson sends a batch of rows as one JSON parameter, expanded by
 * PostgreSQL's json_to_recordset. Building a multi-row `insert().values()` in
 * drizzle costs tens of microseconds per row in JavaScript (more than
 * PostgreSQL takes to run it); one JSON.stringify per batch costs a few, and
 * JSON.stringify writes each double so that PostgreSQL reads back the same value.
 *
 * Column names and types come from the drizzle table, so rows are the table's
 * own insert objects (camelCase keys, Dates as Dates) and nothing restates the schema.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { postgresClientOf, queryRows, type Db } from './client';

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

/** A value `copyRows` can write: what the tables' insert objects hold in the columns it is used for. */
export type CopyValue = string | number | boolean | Date | null | readonly number[];

/**
 * One value in COPY's text format (PostgreSQL docs, "COPY", File Formats):
 * NULL is `\N`; in text, backslash, newline, carriage return and tab (the
 * delimiter) are backslash escapes, and every other character, unicode
 * included, goes as itself. Numbers go as JavaScript prints them, the shortest
 * text that reads back as the same double (as JSON.stringify in insertJson);
 * a number array is an array literal `{0.25,0.75}` (numbers need no quoting
 * in one). Dates go as ISO 8601 in UTC, as JSON.stringify writes them.
 */
export function copyText(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, escapeChar) : v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  return `{${v.join(',')}}`;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const escapeChar = (c: string) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t');

/** About 1 MB of text per write to the socket. */
const COPY_CHUNK_CHARS = 1 << 20;

/**
 * Inserts rows in the given order (identity ids ascend in that order), with
 * the named columns. On a PostgreSQL server this is one `COPY … FROM STDIN`
 * on the transaction's connection: no statement to parse and no JSON to
 * expand, so the server only converts and stores the rows (measured in
 * docs/performance.md). On PGlite, in process, it is insertJson.
 *
 * `tx` must be a transaction, and nothing else may be sent on it until this
 * returns: COPY holds the connection (postgres.js refuses a statement during
 * it, and the server fails a COPY that a pipelined statement interrupts).
 * So it is not for rescoring's pipelined writes.
 */
export async function copyRows<T extends PgTable, K extends keyof T['$inferInsert'] & string>(
  tx: Db,
  table: T,
  keys: readonly K[],
  rows: Iterable<{ [k in K]: CopyValue }>,
  onBatch?: (n: number) => void,
): Promise<void> {
  const client = postgresClientOf(tx);
  if (!client) {
    let batch: Array<{ [k in K]: CopyValue }> = [];
    const flush = async () => {
      await insertJson(tx, table, batch as Array<Partial<T['$inferInsert']>>);
      onBatch?.(batch.length);
      batch = [];
    };
    for (const row of rows) if (batch.push(row) === ROWS_PER_STATEMENT) await flush();
    if (batch.length > 0) await flush();
    return;
  }
  const columns = getTableColumns(table);
  const target = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  const copy = client.unsafe(`copy "${getTableName(table)}" (${target}) from stdin`);
  const done = settled(copy);
  done.catch(() => {}); // awaited below; this only keeps an early rejection from counting as unhandled
  const stream = (await copy.writable()) as Writable;
  stream.on('error', () => {}); // the same error rejects `done`
  let text = '';
  let n = 0;
  try {
    for (const row of rows) {
      for (let i = 0; i < keys.length; i++) text += (i === 0 ? '' : '\t') + copyText(row[keys[i]!]);
      text += '\n';
      n++;
      if (text.length >= COPY_CHUNK_CHARS) {
        await write(stream, text, done);
        onBatch?.(n);
        text = '';
        n = 0;
      }
    }
    if (text.length > 0) await write(stream, text, done);
  } catch (e) {
    // Abandons the COPY (postgres.js sends CopyFail), so the connection is usable for the ROLLBACK.
    stream.destroy(e as Error);
    await done.catch(() => {});
    throw e;
  }
  stream.end();
  await done;
  if (n > 0) onBatch?.(n);
}

/** Writes one chunk, waiting while the socket is full; a failed COPY rejects. */
async function write(stream: Writable, text: string, done: Promise<unknown>): Promise<void> {
  if (stream.write(text)) return;
  await Promise.race([once(stream, 'drain'), done]);
}

/**
 * The outcome of a COPY statement: resolves once the server has completed it
 * (its CommandComplete and ReadyForQuery), rejects with the server's error.
 * The writable alone does not tell: postgres.js 3.4.9 never finishes it nor
 * reports the error when the server rejects the COPY after its last row
 * (porsager/postgres#1173; a foreign key is checked then), and a transaction
 * awaiting it would hang. The query object is first resolved with the
 * writable, then (on success) with the result, or rejected with the error,
 * through its `resolve` and `reject` fields, which are hooked here.
 */
function settled(copy: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const q = copy as unknown as { resolve: (x: unknown) => void; reject: (e: unknown) => void };
    const { resolve: resolved, reject: rejected } = q;
    let streaming = false;
    q.resolve = (x) => {
      if (streaming) resolve(x);
      streaming = true;
      resolved(x);
    };
    q.reject = (e) => {
      reject(e);
      rejected(e);
    };
  });
}
