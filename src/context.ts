/**
 * What the application runs on, made once by server.ts (or by a test) and
 * handed down: the database, the clock, and the settings taken from the
 * configuration. Services take the part they need (`Deps`, or a `Pick` of
 * this), never the HTTP layer's request context.
 */
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db/client';
import type { TokenCache } from './features/accounts/token-cache';

export interface AppContext {
  db: Db;
  clock: Clock;
  /** Session lifetime in days (RECKON_SESSION_DAYS). */
  sessionDays: number;
  /** Session cookies carry Secure (RECKON_SECURE_COOKIES: behind HTTPS). */
  secureCookies: boolean;
  /** Bearer tokens checked in the last second (made by createApp when not given). */
  tokenCache?: TokenCache | undefined;
}

/** The database and the clock: what most services need. */
export type Deps = Pick<AppContext, 'db' | 'clock' | 'tokenCache'>;

/** The context for a database and clock under a configuration. */
export function makeContext(config: Config, db: Db, clock: Clock): AppContext {
  return { db, clock, sessionDays: config.sessionDays, secureCookies: config.secureCookies };
}
