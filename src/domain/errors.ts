/**
 * Domain errors carry a code from a closed string union; the HTTP layer maps
 * codes to statuses in one place, so the domain never knows about HTTP.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'too_many_requests'
  | 'unavailable';

/** One problem with an input, located by a path such as `probabilities.2`. */
export interface DomainIssue {
  path: string;
  message: string;
}

/**
 * An error the domain or a service throws on purpose. `issues` lists every
 * problem found at once, so a client can fix them all in one round trip.
 *
 * Fields are assigned explicitly rather than through constructor parameter
 * properties so the file stays valid under type-stripping loaders.
 *
 * @example
 * throw new DomainError('not_found', 'question 12 does not exist');
 * throw new DomainError('invalid_input', 'invalid forecast', [{ path: 'probability', message: 'must be at most 1' }]);
 */
export class DomainError extends Error {
  public code: DomainErrorCode;
  public issues?: Array<{ path: string; message: string }>;

  constructor(code: DomainErrorCode, message: string, issues?: Array<{ path: string; message: string }>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = issues;
  }
}

/** True for a DomainError; used by error handlers that must not trust `instanceof` across bundles. */
export function isDomainError(e: unknown): e is DomainError {
  if (e instanceof DomainError) return true;
  return e instanceof Error && e.name === 'DomainError' && typeof (e as { code?: unknown }).code === 'string';
}
