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
import type { CrowdSnapshots } from './features/inbox/crowd.service';

export interface AppContext {
  db: Db;
  clock: Clock;
  /** Session lifetime in days (RECKON_SESSION_DAYS). */
  sessionDays: number;
  /** Session cookies carry Secure (RECKON_SECURE_COOKIES: behind HTTPS). */
  secureCookies: boolean;
  /**
   * RECKON_TRUST_PROXY: the server is behind a reverse proxy, so the client's address is the last
   * X-Forwarded-For entry and the scheme X-Forwarded-Proto. Off (the socket's peer) when absent.
   */
  trustProxy?: boolean;
  /** RECKON_PUBLIC_URL (no trailing slash): links in webhooks and emails; none without it. */
  publicUrl?: string | undefined;
  /** RECKON_SMTP_URL: email is off without it. */
  smtpUrl?: string | undefined;
  /** RECKON_MAIL_FROM. */
  mailFrom?: string | undefined;
  /** Bearer tokens checked in the last second (made by createApp when not given). */
  tokenCache?: TokenCache | undefined;
  /** Writes the inbox's crowd snapshots after forecasts, off the request path (made by createApp when not given). */
  crowdSnapshots?: CrowdSnapshots | undefined;
}

/** The database and the clock: what most services need. */
export type Deps = Pick<AppContext, 'db' | 'clock' | 'tokenCache' | 'crowdSnapshots'>;

/** The context for a database and clock under a configuration. */
export function makeContext(config: Config, db: Db, clock: Clock): AppContext {
  return {
    db,
    clock,
    sessionDays: config.sessionDays,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
  };
}
