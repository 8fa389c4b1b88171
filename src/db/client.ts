/**
 * One Db type over both drivers: PGlite (embedded, the default) and postgres.js
 * (a PostgreSQL server). Everything above this folder sees only `Db`, and the
 * few places where the drivers differ are wrapped here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { is, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, PostgresJsSession } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database or a transaction on it: repositories take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The server URL (postgres only): migrations take a lock on a connection of their own. */
  url?: string;
  close(): Promise<void>;
}

/** Rows of a raw `db.execute()`: an array on postgres.js, `{ rows }` on PGlite. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** `count(*)` and bigint sums arrive as strings on postgres.js and numbers on PGlite. */
export function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * The postgres.js client under each Db opened on a server (lockThenWrite
 * pipelines on it), with how many connections its write transactions may
 * hold at once.
 */
const serverClients = new WeakMap<object, { client: postgres.Sql; slots: number }>();

/**
 * Write transactions may hold all but this many of the pool's connections:
 * postgres.js queues a plain query behind every waiting reservation once all
 * connections are reserved, so under a stream of forecasts a page's reads
 * (the leaderboard, say) would wait for dozens of transactions. Measured in
 * docs/performance.md.
 */
export const READ_CONNECTIONS = 2;

/**
 * A statement as PostgreSQL takes it: fixed text with $1, $2... and the values.
 * The hot write path builds these directly (drizzle's `sql` builder cost more
 * CPU per forecast than the database spent running it; docs/performance.md).
 */
export interface Statement {
  text: string;
  params: unknown[];
}

/** The same statement as drizzle SQL (for PGlite, off the server's hot path). */
function toSql({ text, params }: Statement): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(params[Number(part) - 1]))));
}

/** How many write transactions may run at once: the pool less READ_CONNECTIONS, or one on PGlite. */
export function writeConcurrency(db: Db): number {
  return serverClients.get(db)?.slots ?? 1;
}

/**
 * A short write transaction in two round trips: `lock` runs after BEGIN, then
 * `write` (made from the locked rows; it may throw to roll back) and COMMIT.
 * On a PostgreSQL server BEGIN and `lock` go in one write to the socket and
 * `write` and COMMIT in another, on one reserved connection, so the
 * transaction costs two round trips instead of four; the result is returned
 * only once COMMIT has succeeded. On PGlite (no network) it is an ordinary
 * transaction. `db` must be the database, not a transaction on it.
 *
 * Both statements are prepared (postgres.js keeps one per distinct text on
 * each connection, so the server parses and plans each once): their text must
 * not vary per request, values go in parameters. Measured in
 * docs/performance.md: preparing doubled the rate of this path.
 *
 * Callers keep at most `writeConcurrency(db)` of these running at once (the
 * forecasts' batches do), so pages' reads keep READ_CONNECTIONS.
 */
export async function lockThenWrite<L, W>(
  db: Db,
  lock: Statement,
  write: (locked: L[]) => Statement,
): Promise<{ locked: L[]; written: W[] }> {
  const server = serverClients.get(db);
  if (!server) {
    return db.transaction(async (tx) => {
      const locked = await queryRows<L>(tx, toSql(lock));
      const written = await queryRows<W>(tx, toSql(write(locked)));
      return { locked, written };
    });
  }
  return pipelinedTransaction<L, W>(server.client, lock, write);
}

/**
 * A Statement's values for postgres.js, which sends a JS array only when told
 * its type: arrays go as text[] (each element as text, NULL kept), and the
 * statement casts them (`$1::int[]`).
 */
function paramsFor(client: postgres.Sql, { params }: Statement): postgres.ParameterOrJSON<never>[] {
  return params.map((p) =>
    Array.isArray(p) ? client.array(p.map((x: unknown) => (x === null ? null : String(x))) as string[], 25) : p,
  ) as postgres.ParameterOrJSON<never>[];
}

async function pipelinedTransaction<L, W>(
  client: postgres.Sql,
  lock: Statement,
  write: (locked: L[]) => Statement,
): Promise<{ locked: L[]; written: W[] }> {
  const conn = await client.reserve();
  let open = true; // from BEGIN until COMMIT succeeds: any failure sends ROLLBACK
  try {
    const [, locked] = await Promise.all([
      conn.unsafe('begin'),
      conn.unsafe(lock.text, paramsFor(client, lock), { prepare: true }),
    ]);
    const w = write(locked as unknown as L[]);
    // A failed write aborts the transaction: the COMMIT sent with it then rolls back.
    const [written] = await Promise.all([
      conn.unsafe(w.text, paramsFor(client, w), { prepare: true }),
      conn.unsafe('commit'),
    ]);
    open = false;
    return { locked: locked as unknown as L[], written: written as unknown as W[] };
  } catch (e) {
    if (open) await conn.unsafe('rollback').catch(() => {});
    throw e;
  } finally {
    conn.release();
  }
}

/**
 * The postgres.js client a Db runs its statements on (within a transaction,
 * the transaction's own connection), or null on PGlite. drizzle keeps it on
 * the session, which its types leave out of PgDatabase.
 */
export function postgresClientOf(db: Db): postgres.Sql | null {
  const session: unknown = (db as unknown as { session: unknown }).session;
  return is(session, PostgresJsSession) ? (session.client as postgres.Sql) : null;
}

export class DatabaseLockedError extends Error {}

/** PGlite is one process: a lock file keeps a second process off the data directory. */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'reckon.lock');
  const tryLock = () => {
    const fd = fs.openSync(lockPath, 'wx');
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
  };
  try {
    tryLock();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number(fs.readFileSync(lockPath, 'utf8'));
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) {
      throw new DatabaseLockedError(
        `The embedded database in ${dir} is in use by process ${pid} (probably the Reckon server). ` +
          'Stop it first, or go through the HTTP API, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
    fs.rmSync(lockPath, { force: true });
    tryLock();
  }
  return () => fs.rmSync(lockPath, { force: true });
}

/** Opens the embedded database in `dataDir` (or in memory when dataDir is null). */
export async function openPglite(dataDir: string | null): Promise<Database> {
  const unlock = dataDir === null ? () => {} : lockDataDir(dataDir);
  try {
    const client = dataDir === null ? new PGlite() : new PGlite(path.resolve(dataDir));
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      async close() {
        await client.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Connects to a PostgreSQL server; a short connect timeout turns an outage into a quick 503. */
export async function openPostgres(url: string, options: { max?: number | undefined } = {}): Promise<Database> {
  const client = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 3,
    idle_timeout: 30,
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const slots = Math.max(1, (options.max ?? 10) - READ_CONNECTIONS);
  serverClients.set(db, { client, slots });
  return {
    db,
    kind: 'postgres',
    url,
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

export async function openDatabase(config: {
  databaseUrl: string | undefined;
  dataDir: string;
  dbPool?: number;
}): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, { max: config.dbPool }) : openPglite(config.dataDir);
}

/**
 * Ascending by code point, whatever the database's collation: under a
 * locale collation (en_US, say) PostgreSQL ignores hyphens at first, so
 * "a-c" could sort after "ab". Keys and handles sort as the API promises.
 */
export function byCodePoint(column: AnyColumn | SQL): SQL {
  return sql`${column} collate "C"`;
}
