/**
 * The only module that reads process.env. Parsed once with zod and frozen, so a
 * bad value stops the server at start with a message naming the variable.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  RECKON_DATA_DIR: z.string().min(1).default('./data'),
  RECKON_DEMO_DATA_DIR: optionalString,
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  RECKON_ADMIN_HANDLE: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'must be 1-64 characters of a-z, 0-9 and -')
      .optional(),
  ),
  RECKON_ADMIN_PASSWORD: optionalString.pipe(z.string().min(8, 'must be at least 8 characters').optional()),
  RECKON_SESSION_DAYS: z.coerce.number().positive().max(365).default(14),
  RECKON_SECURE_COOKIES: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  RECKON_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  RECKON_PUBLIC_URL: optionalString.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  RECKON_SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  RECKON_MAIL_FROM: z.string().min(3).default('reckon@localhost'),
  RECKON_LOG_REQUESTS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  RECKON_WORKERS: z.coerce.number().int('must be a whole number').min(1).max(64).default(1),
  RECKON_DB_POOL: z.coerce.number().int('must be a whole number').min(1).max(500).default(10),
});

export type Config = Readonly<{
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where `npm run demo` keeps its embedded database (default: .demo-data in the repository). */
  demoDataDir: string | undefined;
  host: string;
  port: number;
  adminHandle: string | undefined;
  adminPassword: string | undefined;
  sessionDays: number;
  secureCookies: boolean;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For, the scheme from X-Forwarded-Proto. */
  trustProxy: boolean;
  logRequests: boolean;
  /** Where people reach this server (RECKON_PUBLIC_URL), for links in webhooks and emails; no trailing slash. */
  publicUrl: string | undefined;
  /** The SMTP server for email (RECKON_SMTP_URL); without it, email is off. */
  smtpUrl: string | undefined;
  /** The From of every email (RECKON_MAIL_FROM). */
  mailFrom: string;
  /** Server processes (node:cluster) on one PostgreSQL server; 1 is a single process. */
  workers: number;
  /** PostgreSQL connections per process (postgres.js `max`). */
  dbPool: number;
}>;

/** Thrown with every bad variable listed; server.ts prints it and exits 1. */
export class ConfigError extends Error {}

/** Parses an environment (process.env by default) into a frozen Config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.RECKON_ADMIN_HANDLE === undefined) !== (e.RECKON_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  RECKON_ADMIN_HANDLE and RECKON_ADMIN_PASSWORD must be set together',
    );
  }
  if (e.RECKON_WORKERS > 1 && e.DATABASE_URL === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  RECKON_WORKERS: more than one process needs DATABASE_URL (the embedded database is one process)',
    );
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    dataDir: e.RECKON_DATA_DIR,
    demoDataDir: e.RECKON_DEMO_DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    adminHandle: e.RECKON_ADMIN_HANDLE,
    adminPassword: e.RECKON_ADMIN_PASSWORD,
    sessionDays: e.RECKON_SESSION_DAYS,
    secureCookies: e.RECKON_SECURE_COOKIES,
    trustProxy: e.RECKON_TRUST_PROXY,
    logRequests: e.RECKON_LOG_REQUESTS,
    publicUrl: e.RECKON_PUBLIC_URL,
    smtpUrl: e.RECKON_SMTP_URL,
    mailFrom: e.RECKON_MAIL_FROM,
    workers: e.RECKON_WORKERS,
    dbPool: e.RECKON_DB_POOL,
  });
}
