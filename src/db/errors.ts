/**
 * Reading database errors: both drivers (and drizzle, which wraps them) put
 * PostgreSQL's SQLSTATE or the socket's error code somewhere on the error or
 * its causes. Classified here, once, for the HTTP layer and the services.
 */

/** Follows an error's `cause` chain (drizzle wraps the driver's error). */
function* chain(e: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  for (let cur = e; cur && typeof cur === 'object' && !seen.has(cur); cur = (cur as { cause?: unknown }).cause) {
    seen.add(cur);
    yield cur as Record<string, unknown>;
  }
}

const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** Whether an error means the database cannot be reached (an outage, not a bug). */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (const err of chain(e)) if (typeof err.code === 'string' && UNAVAILABLE.has(err.code)) return true;
  return false;
}

/** PostgreSQL's SQLSTATE of an error, if it carries one. */
export function pgErrorCode(e: unknown): string | undefined {
  for (const err of chain(e)) if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) return err.code;
  return undefined;
}

/** A unique-constraint violation (23505). */
export const isUniqueViolation = (e: unknown) => pgErrorCode(e) === '23505';
