/**
 * The one place where errors become HTTP responses: every error body is
 * `{error: {code, message, issues?}}` (docs/api.md), and nothing leaks a stack.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { isDatabaseUnavailable, pgErrorCode } from '../db/errors';
import { DomainError, isDomainError, type DomainErrorCode, type DomainIssue } from '../domain/errors';

const statusOf: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; issues?: DomainIssue[] };
}

export function errorBody(code: string, message: string, issues?: DomainIssue[]): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** Turns a zod error into an invalid_input DomainError listing every issue with its path. */
export function validationError(error: ZodError, prefix?: string): DomainError {
  const at = (path: PropertyKey[]) => [...(prefix ? [prefix] : []), ...path.map(String)].join('.');
  // zod reports unknown keys of a .strict() object once, at the object's path: name each field instead.
  const issues = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: at([...i.path, key]), message: 'is not a known field' }))
      : [{ path: at(i.path), message: i.message }],
  );
  const first = issues[0];
  const message = first ? `Invalid input: ${first.path || '(body)'} ${first.message}` : 'Invalid input';
  return new DomainError('invalid_input', message, issues);
}

export function toErrorResponse(err: unknown, c: Context): Response {
  if (isDomainError(err)) {
    return c.json(errorBody(err.code, err.message, err.issues), statusOf[err.code]);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return c.json(errorBody('too_large', 'Request body is too large'), 413);
    if (status === 400) {
      const message = err.message || 'Bad request';
      return c.json(errorBody('invalid_input', message, [{ path: '', message }]), 400);
    }
    if (status === 415) {
      const message = 'Content-Type must be application/json';
      return c.json(errorBody('invalid_input', message, [{ path: '', message }]), 400);
    }
    if (status === 401) return c.json(errorBody('unauthorized', err.message || 'Not signed in'), 401);
    if (status === 403) return c.json(errorBody('forbidden', err.message || 'Not allowed'), 403);
    return c.json(errorBody('error', err.message || 'Request failed'), status as ContentfulStatusCode);
  }
  if (isDatabaseUnavailable(err)) {
    return c.json(errorBody('unavailable', 'The database is unreachable; try again shortly'), 503);
  }
  const code = pgErrorCode(err);
  if (code === '22021' || code === '22P05') {
    // A character the database cannot store (a NUL, an invalid byte) that reached a query: bad input.
    return c.json(
      errorBody('invalid_input', 'A value holds a character that cannot be stored', [
        { path: '', message: 'holds a character that cannot be stored (NUL or an invalid byte)' },
      ]),
      400,
    );
  }
  if (code === '22003' || code === '22P02' || code === '22007' || code === '22008') {
    return c.json(
      errorBody('invalid_input', 'A value is out of range', [{ path: '', message: 'value out of range' }]),
      400,
    );
  }
  if (code === '23505') {
    return c.json(errorBody('conflict', 'That already exists'), 409);
  }
  if (code === '40001' || code === '40P01') {
    return c.json(errorBody('conflict', 'A concurrent change got there first; try again'), 409);
  }
  console.error('Unhandled error:', err);
  return c.json(errorBody('internal', 'Something went wrong on our side; the error was logged'), 500);
}
